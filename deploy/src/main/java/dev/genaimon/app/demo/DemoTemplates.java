package dev.genaimon.app.demo;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** The text the demo's traffic is made of: {@code demo/templates.yaml} on the classpath. */
record DemoTemplates(Map<String, List<String>> slots, App support, App docs, Rollout rollout, Agent agent,
                     Agent research, List<String> attacks, Pii pii) {

    /** A knowledge-base or documentation article: retrieval context, and the source of grounded answers. */
    record Article(String id, String title, List<String> sentences, List<String> questions) {
    }

    record App(String system, List<Article> articles) {
    }

    /** The rolled-out prompt version: its system prompt, the new kind of questions, and ungrounded answers. */
    record Rollout(String system, List<String> questions, List<String> answers) {
    }

    record Tool(String name, String arguments, String output) {
    }

    record Agent(String system, List<String> questions, List<Tool> tools, List<String> answers) {
    }

    record Pii(List<String> people, List<String> emails, List<String> phones, List<String> cards,
               List<String> answers) {
    }

    static final String RESOURCE = "/demo/templates.yaml";

    static DemoTemplates load() {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        try (InputStream in = DemoTemplates.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            return yaml.readValue(in, DemoTemplates.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
