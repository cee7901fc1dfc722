package dev.genaimon.alerting.route;

import dev.genaimon.alerting.rules.DurationText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the routing file (Alertmanager's shape: {@code route}, {@code receivers}, {@code inhibit_rules}) and reports
 * every problem with file, line and reason. {@code ${NAME}} in a value is replaced by the environment variable NAME
 * (a missing variable is an error), so secrets stay out of the file.
 */
public final class RoutingConfigParser {

    /** Alertmanager's defaults. */
    public static final Duration GROUP_WAIT = Duration.ofSeconds(30);
    public static final Duration GROUP_INTERVAL = Duration.ofMinutes(5);
    public static final Duration REPEAT_INTERVAL = Duration.ofHours(4);

    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Set<String> ROUTE_KEYS = Set.of("receiver", "matchers", "group_by", "group_wait",
            "group_interval", "repeat_interval", "continue", "routes");
    private static final Set<String> TOP_KEYS = Set.of("route", "receivers", "inhibit_rules");

    private final String file;
    private final Function<String, String> env;
    private final Consumer<ReceiverConfig> receiverCheck;
    private final Set<String> channelTypes;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Integer> receiverRefs = new LinkedHashMap<>();

    /**
     * @param channelTypes  known channel types ({@code <type>_configs} keys)
     * @param receiverCheck validates one receiver's settings; throws IllegalArgumentException with the reason
     */
    private RoutingConfigParser(String file, Function<String, String> env, Set<String> channelTypes,
                                Consumer<ReceiverConfig> receiverCheck) {
        this.file = file;
        this.env = env;
        this.channelTypes = channelTypes;
        this.receiverCheck = receiverCheck;
    }

    public static RoutingConfig parse(Path path, Function<String, String> env, Set<String> channelTypes,
                                      Consumer<ReceiverConfig> receiverCheck) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RoutingConfigException(List.of(path + ": cannot read: " + e.getMessage()));
        }
        return parse(path.toString(), text, env, channelTypes, receiverCheck);
    }

    public static RoutingConfig parse(String file, String text, Function<String, String> env,
                                      Set<String> channelTypes, Consumer<ReceiverConfig> receiverCheck) {
        return new RoutingConfigParser(file, env, channelTypes, receiverCheck).parse(text);
    }

    private RoutingConfig parse(String text) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(options).compose(new java.io.StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
            throw new RoutingConfigException(List.of(file + ":" + line + ": not valid YAML: " + e.getProblem()));
        } catch (RuntimeException e) {
            throw new RoutingConfigException(List.of(file + ": not valid YAML: " + e.getMessage()));
        }
        if (!(root instanceof MappingNode top)) {
            throw new RoutingConfigException(List.of(file + ":1: expected a mapping with route, receivers and"
                    + " inhibit_rules"));
        }
        Map<String, Node> fields = fields(top, TOP_KEYS, "the routing file");
        Map<String, ReceiverConfig> receivers = new LinkedHashMap<>();
        if (fields.get("receivers") instanceof SequenceNode list) {
            for (Node item : list.getValue()) {
                ReceiverConfig receiver = receiver(item);
                if (receiver != null) {
                    if (receivers.containsKey(receiver.name())) {
                        problem(item, "receiver '" + receiver.name() + "' is defined twice");
                    }
                    receivers.put(receiver.name(), receiver);
                }
            }
        } else {
            problem(fields.getOrDefault("receivers", top), "'receivers' must be a list of receivers");
        }
        Route route = null;
        Node routeNode = fields.get("route");
        if (routeNode == null) {
            problem(top, "missing 'route' (the root of the route tree)");
        } else {
            route = route(routeNode, "0", null);
            if (route != null && route.receiver() == null) {
                problem(routeNode, "the root route needs a 'receiver'");
            }
            if (route != null && !route.matchers().isEmpty()) {
                problem(routeNode, "the root route must match every alert: remove its 'matchers'");
            }
        }
        receiverRefs.forEach((name, line) -> {
            if (!receivers.containsKey(name)) {
                problems.add(file + ":" + line + ": unknown receiver '" + name + "' (defined: "
                        + receivers.keySet() + ")");
            }
        });
        List<InhibitRule> inhibit = new ArrayList<>();
        Node inhibitNode = fields.get("inhibit_rules");
        if (inhibitNode instanceof SequenceNode list) {
            for (Node item : list.getValue()) {
                InhibitRule rule = inhibitRule(item);
                if (rule != null) {
                    inhibit.add(rule);
                }
            }
        } else if (inhibitNode != null) {
            problem(inhibitNode, "'inhibit_rules' must be a list");
        }
        if (!problems.isEmpty()) {
            throw new RoutingConfigException(problems);
        }
        return new RoutingConfig(route, receivers, inhibit);
    }

    private Route route(Node node, String id, Route parent) {
        if (!(node instanceof MappingNode map)) {
            problem(node, "a route must be a mapping");
            return null;
        }
        Map<String, Node> f = fields(map, ROUTE_KEYS, "a route");
        String receiver = f.containsKey("receiver") ? scalar(f.get("receiver"), "receiver") : null;
        if (receiver != null) {
            receiverRefs.putIfAbsent(receiver, line(f.get("receiver")));
        } else if (parent != null) {
            receiver = parent.receiver();
        }
        List<LabelMatcher> matchers = matchers(f.get("matchers"), "matchers");
        List<String> groupBy = parent == null ? List.of() : parent.groupBy();
        boolean groupByAll = parent != null && parent.groupByAll();
        if (f.containsKey("group_by")) {
            groupBy = strings(f.get("group_by"), "group_by");
            groupByAll = groupBy.contains("...");
            if (groupByAll && groupBy.size() > 1) {
                problem(f.get("group_by"), "group_by '...' (every label) cannot be combined with other labels");
            }
        }
        Duration groupWait = duration(f.get("group_wait"), parent == null ? GROUP_WAIT : parent.groupWait());
        Duration groupInterval = duration(f.get("group_interval"),
                parent == null ? GROUP_INTERVAL : parent.groupInterval());
        Duration repeatInterval = duration(f.get("repeat_interval"),
                parent == null ? REPEAT_INTERVAL : parent.repeatInterval());
        if (f.containsKey("repeat_interval") && repeatInterval.compareTo(groupInterval) < 0) {
            problem(f.get("repeat_interval"), "repeat_interval (" + repeatInterval
                    + ") must not be shorter than group_interval (" + groupInterval + ")");
        }
        boolean cont = f.containsKey("continue") && bool(f.get("continue"), "continue");
        if (parent == null && cont) {
            problem(f.get("continue"), "the root route cannot have 'continue'");
        }
        Route self = new Route(id, receiver, matchers, groupBy, groupByAll, groupWait, groupInterval,
                repeatInterval, cont, List.of());
        List<Route> children = new ArrayList<>();
        Node routes = f.get("routes");
        if (routes instanceof SequenceNode list) {
            int i = 0;
            for (Node child : list.getValue()) {
                Route r = route(child, id + "." + i++, self);
                if (r != null) {
                    children.add(r);
                }
            }
        } else if (routes != null) {
            problem(routes, "'routes' must be a list of routes");
        }
        return new Route(id, receiver, matchers, groupBy, groupByAll, groupWait, groupInterval, repeatInterval,
                cont, children);
    }

    private ReceiverConfig receiver(Node node) {
        if (!(node instanceof MappingNode map)) {
            problem(node, "a receiver must be a mapping with 'name' and one '<type>_configs'");
            return null;
        }
        Map<String, Node> f = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            f.put(keyOf(t), t.getValueNode());
        }
        String name = f.containsKey("name") ? scalar(f.get("name"), "name") : null;
        if (name == null || name.isBlank()) {
            problem(node, "a receiver needs a 'name'");
            return null;
        }
        List<String> channels = f.keySet().stream().filter(k -> !k.equals("name")).toList();
        for (String key : channels) {
            String type = key.endsWith("_configs") ? key.substring(0, key.length() - "_configs".length()) : null;
            if (type == null || !channelTypes.contains(type)) {
                problem(f.get(key), "receiver '" + name + "': unknown key '" + key + "' (expected one of "
                        + channelTypes.stream().sorted().map(t -> t + "_configs").toList() + ")");
                return null;
            }
        }
        if (channels.size() != 1) {
            problem(node, "receiver '" + name + "' needs exactly one '<type>_configs' with one entry, found "
                    + channels.size());
            return null;
        }
        String key = channels.get(0);
        Node configs = f.get(key);
        if (!(configs instanceof SequenceNode list) || list.getValue().size() != 1
                || !(list.getValue().get(0) instanceof MappingNode settingsNode)) {
            problem(configs, "receiver '" + name + "': '" + key + "' must be a list with exactly one mapping");
            return null;
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        boolean sendResolved = true;
        for (NodeTuple t : settingsNode.getValue()) {
            String k = keyOf(t);
            Node v = t.getValueNode();
            if (k.equals("send_resolved")) {
                sendResolved = bool(v, "send_resolved");
            } else if (v instanceof ScalarNode) {
                settings.put(k, scalar(v, k));
            } else if (v instanceof SequenceNode) {
                settings.put(k, strings(v, k));
            } else if (v instanceof MappingNode m) {
                Map<String, String> nested = new LinkedHashMap<>();
                for (NodeTuple nt : m.getValue()) {
                    nested.put(keyOf(nt), scalar(nt.getValueNode(), k + "." + keyOf(nt)));
                }
                settings.put(k, nested);
            }
        }
        String type = key.substring(0, key.length() - "_configs".length());
        ReceiverConfig receiver = new ReceiverConfig(name, type, settings, sendResolved);
        try {
            receiverCheck.accept(receiver);
        } catch (IllegalArgumentException e) {
            problem(settingsNode, e.getMessage());
        }
        return receiver;
    }

    private InhibitRule inhibitRule(Node node) {
        if (!(node instanceof MappingNode map)) {
            problem(node, "an inhibit rule must be a mapping");
            return null;
        }
        Map<String, Node> f = fields(map, Set.of("source_matchers", "target_matchers", "equal"), "an inhibit rule");
        if (!f.containsKey("source_matchers") || !f.containsKey("target_matchers")) {
            problem(node, "an inhibit rule needs 'source_matchers' and 'target_matchers'");
            return null;
        }
        return new InhibitRule(matchers(f.get("source_matchers"), "source_matchers"),
                matchers(f.get("target_matchers"), "target_matchers"),
                f.containsKey("equal") ? strings(f.get("equal"), "equal") : List.of());
    }

    private Map<String, Node> fields(MappingNode map, Set<String> allowed, String what) {
        Map<String, Node> f = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            String key = keyOf(t);
            if (!allowed.contains(key)) {
                problem(t.getKeyNode(), "unknown key '" + key + "' in " + what + " (allowed: "
                        + allowed.stream().sorted().toList() + ")");
            } else {
                f.put(key, t.getValueNode());
            }
        }
        return f;
    }

    private List<LabelMatcher> matchers(Node node, String what) {
        List<LabelMatcher> matchers = new ArrayList<>();
        if (node == null) {
            return matchers;
        }
        for (String text : strings(node, what)) {
            try {
                matchers.add(LabelMatcher.parse(text));
            } catch (IllegalArgumentException e) {
                problem(node, what + ": " + e.getMessage());
            }
        }
        return matchers;
    }

    private List<String> strings(Node node, String what) {
        if (!(node instanceof SequenceNode list)) {
            problem(node, "'" + what + "' must be a list");
            return List.of();
        }
        List<String> values = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Node item : list.getValue()) {
            String value = scalar(item, what);
            if (value != null && seen.add(value)) {
                values.add(value);
            }
        }
        return values;
    }

    private Duration duration(Node node, Duration inherited) {
        if (node == null) {
            return inherited;
        }
        String text = scalar(node, "duration");
        if (text == null) {
            return inherited;
        }
        Duration d;
        try {
            d = DurationText.parse(text);
        } catch (IllegalArgumentException e) {
            problem(node, "invalid duration '" + text + "' (expected e.g. 500ms, 30s, 5m, 4h, 1d)");
            return inherited;
        }
        if (d.isZero() || d.isNegative()) {
            problem(node, "duration must be positive, got '" + text + "'");
            return inherited;
        }
        return d;
    }

    private boolean bool(Node node, String what) {
        String text = scalar(node, what);
        if ("true".equals(text) || "false".equals(text)) {
            return Boolean.parseBoolean(text);
        }
        problem(node, "'" + what + "' must be true or false, got '" + text + "'");
        return false;
    }

    private String scalar(Node node, String what) {
        if (!(node instanceof ScalarNode s)) {
            problem(node, "'" + what + "' must be a single value");
            return null;
        }
        return substitute(s);
    }

    private String substitute(ScalarNode node) {
        Matcher m = ENV.matcher(node.getValue());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.apply(m.group(1));
            if (value == null) {
                problem(node, "environment variable " + m.group(1) + " is not set");
                value = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String keyOf(NodeTuple tuple) {
        return tuple.getKeyNode() instanceof ScalarNode s ? s.getValue() : "?";
    }

    private int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    private void problem(Node node, String reason) {
        problems.add(file + ":" + line(node) + ": " + reason);
    }
}
