package dev.genaimon.app.demo;

/**
 * One stream of the demo's traffic: a tenant's app on a model deployment with a prompt version, sending
 * {@code ratePerSecond} interactions per second (at speed 1).
 */
record DemoSegment(String tenant, String app, Kind kind, String provider, String model, String deployment,
                   String promptId, String promptVersion, double ratePerSecond) {

    /** What kind of application it is: decides the shape of its interactions. */
    enum Kind { SUPPORT, DOCS, SHOP_AGENT, RESEARCH_AGENT }

    /** The segment id the pipeline gives it with the demo's dimensions (tenant / app / model deployment). */
    String id() {
        return tenant + "/" + app + "/" + deployment;
    }
}
