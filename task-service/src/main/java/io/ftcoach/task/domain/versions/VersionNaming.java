package io.ftcoach.task.domain.versions;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names a new version by the task's versioning strategy (spec §6.1):
 * <ul>
 *     <li>semantic: {@code v{major}} for a data or architecture change, {@code v{major}.{minor}} for a parameter
 *     tweak of the parent's major, {@code v{major}-exp} for an experiment;</li>
 *     <li>date: {@code YYYY-MM-DD}, one version a day;</li>
 *     <li>hybrid: {@code v{n}-YYYYMMDD}.</li>
 * </ul>
 */
public final class VersionNaming {

    private static final Pattern SEMANTIC = Pattern.compile("v(\\d+)(?:\\.(\\d+))?(-exp)?");
    private static final Pattern HYBRID = Pattern.compile("v(\\d+)[-_]\\d{8,10}");
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.BASIC_ISO_DATE;

    private VersionNaming() {
    }

    /**
     * @param existing every version name the task has (requested or recorded)
     * @param parent   the version the new one starts from, or null for the first
     * @throws IllegalStateException when the strategy allows no further name today (date versioning)
     */
    public static String next(String strategy, Collection<String> existing, String parent, ChangeKind kind,
                              LocalDate today) {
        String name = switch (strategy) {
            case "semantic" -> semantic(existing, parent, kind);
            case "date" -> today.toString();
            case "hybrid" -> "v" + (maxMajor(existing) + 1) + "-" + today.format(COMPACT);
            default -> throw new IllegalArgumentException("versioning.strategy '" + strategy
                    + "' is not one of semantic, date, hybrid");
        };
        if (existing.contains(name)) {
            throw new IllegalStateException("Version " + name + " exists already and date versioning names one "
                    + "version a day; name this one yourself (\"version\": \"" + today.format(COMPACT) + "\") or switch "
                    + "versioning.strategy to hybrid");
        }
        return name;
    }

    private static String semantic(Collection<String> existing, String parent, ChangeKind kind) {
        int max = maxMajor(existing);
        return switch (kind) {
            case FIRST -> max == 0 ? "v1" : "v" + (max + 1);
            case MAJOR -> "v" + (max + 1);
            case EXPERIMENT -> {
                String candidate = "v" + (max + 1) + "-exp";
                yield existing.contains(candidate) ? "v" + (max + 2) + "-exp" : candidate;
            }
            case MINOR -> {
                int major = parent == null ? Math.max(max, 1) : majorOf(parent);
                if (major == 0) {
                    // a date-named parent has no major: a tweak of it starts the next one
                    yield "v" + (max + 1);
                }
                int minor = 0;
                for (String v : existing) {
                    Matcher m = SEMANTIC.matcher(v);
                    if (m.matches() && Integer.parseInt(m.group(1)) == major && m.group(2) != null) {
                        minor = Math.max(minor, Integer.parseInt(m.group(2)));
                    }
                }
                yield "v" + major + "." + (minor + 1);
            }
        };
    }

    /** The largest major number among semantic and hybrid names; 0 when there is none. */
    static int maxMajor(Collection<String> existing) {
        return existing.stream().mapToInt(VersionNaming::majorOf).max().orElse(0);
    }

    static int majorOf(String version) {
        Matcher m = SEMANTIC.matcher(version);
        if (m.matches()) {
            return Integer.parseInt(m.group(1));
        }
        Matcher h = HYBRID.matcher(version);
        return h.matches() ? Integer.parseInt(h.group(1)) : 0;
    }
}
