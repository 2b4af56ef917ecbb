package io.ftcoach.infra.registry.core;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The registry's state: subjects, their versions, schemas by global id and compatibility levels. It changes only
 * through {@link #apply(JournalEntry)}, which is deterministic: every registry that applies the same entries in the
 * same (log) order ends in the same state, whatever it had seen of them when it wrote its own.
 *
 * <p>Rules for a {@link JournalEntry.SchemaClaim} (first claim wins, later conflicting claims are ignored):
 * the version must be the subject's next one (one past the highest ever used, deleted or not); the id must be unused
 * or already belong to this very schema; the schema must not already have another id; and the subject must not
 * already hold it as a live version. Compatibility is not re-checked here: it depends on configuration records,
 * which compaction thins out, so the writer checks it before claiming, and the version rule serialises writers.
 *
 * <p>Thread-safe: one thread applies entries while request threads read.
 */
public final class SchemaStore {

    private static final Logger log = LoggerFactory.getLogger(SchemaStore.class);

    private record Stored(int id, String canonical, Schema avro) {
    }

    private record Entry(int version, int id, boolean deleted) {
    }

    private final CompatibilityLevel defaultLevel;
    private final Map<Integer, Stored> schemasById = new HashMap<>();
    private final Map<String, Integer> idsByCanonical = new HashMap<>();
    private final Map<String, List<Entry>> subjects = new TreeMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel;
    private int maxId;
    private long applied;

    /** @param defaultLevel the global level until a configuration record sets one */
    public SchemaStore(CompatibilityLevel defaultLevel) {
        this.defaultLevel = defaultLevel;
    }

    /**
     * Canonical text of a schema: Avro's {@code Schema.toString()}, so formatting differences do not make two
     * schemas different, while docs, defaults and properties do (as in Confluent's registry).
     *
     * @throws RegistryException 42201 with the parser's message when the text is not a valid Avro schema
     */
    public static Schema parse(String schemaText) {
        if (schemaText == null || schemaText.isBlank()) {
            throw RegistryException.invalidSchema("Invalid schema: the request has no \"schema\" field");
        }
        try {
            return new Schema.Parser().parse(schemaText);
        } catch (AvroRuntimeException | IllegalArgumentException e) { // SchemaParseException, AvroTypeException, ...
            throw RegistryException.invalidSchema("Invalid schema " + abbreviate(schemaText) + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // Avro surfaces JSON syntax errors as wrapped Jackson exceptions
            throw RegistryException.invalidSchema("Invalid schema " + abbreviate(schemaText) + ": " + e);
        }
    }

    /**
     * Applies one journal entry.
     *
     * @return whether the entry changed the state as it asked (false for a claim that lost to an earlier one)
     */
    public synchronized boolean apply(JournalEntry entry) {
        applied++;
        if (entry instanceof JournalEntry.SchemaClaim claim) {
            return applyClaim(claim);
        }
        if (entry instanceof JournalEntry.ConfigChange change) {
            if (change.subject() == null) {
                globalLevel = change.level();
            } else if (change.level() == null) {
                subjectLevels.remove(change.subject());
            } else {
                subjectLevels.put(change.subject(), change.level());
            }
            return true;
        }
        JournalEntry.SubjectDeletion deletion = (JournalEntry.SubjectDeletion) entry;
        List<Entry> versions = subjects.get(deletion.subject());
        if (versions == null) {
            return false;
        }
        versions.replaceAll(e -> new Entry(e.version(), e.id(), true));
        return true;
    }

    private boolean applyClaim(JournalEntry.SchemaClaim claim) {
        Schema avro;
        try {
            avro = new Schema.Parser().parse(claim.schema());
        } catch (RuntimeException e) {
            log.warn("Ignoring journal claim for {} v{}: schema does not parse: {}", claim.subject(), claim.version(),
                    e.getMessage());
            return false;
        }
        String canonical = avro.toString();
        List<Entry> versions = subjects.getOrDefault(claim.subject(), List.of());
        if (claim.id() <= 0 || claim.version() != nextVersion(claim.subject())) {
            return false;
        }
        Stored holder = schemasById.get(claim.id());
        if (holder != null && !holder.canonical().equals(canonical)) {
            return false;
        }
        Integer knownId = idsByCanonical.get(canonical);
        if (knownId != null && knownId != claim.id()) {
            return false;
        }
        for (Entry e : versions) {
            if (!e.deleted() && e.id() == claim.id()) {
                return false;
            }
        }
        if (holder == null) {
            schemasById.put(claim.id(), new Stored(claim.id(), canonical, avro));
            idsByCanonical.put(canonical, claim.id());
            maxId = Math.max(maxId, claim.id());
        }
        subjects.computeIfAbsent(claim.subject(), s -> new ArrayList<>())
                .add(new Entry(claim.version(), claim.id(), false));
        return true;
    }

    /** Whether the replay accepted this claim, i.e. the subject's version is exactly the claimed schema and id. */
    public synchronized boolean holds(JournalEntry.SchemaClaim claim) {
        for (Entry e : subjects.getOrDefault(claim.subject(), List.of())) {
            if (e.version() == claim.version()) {
                Stored s = schemasById.get(e.id());
                return e.id() == claim.id() && s != null && s.canonical().equals(SchemaStore.parse(claim.schema()).toString());
            }
        }
        return false;
    }

    /** One past the highest version the subject ever had, so versions are never reused after a soft delete. */
    public synchronized int nextVersion(String subject) {
        return subjects.getOrDefault(subject, List.of()).stream().mapToInt(Entry::version).max().orElse(0) + 1;
    }

    /** The id a new schema would get: one past the highest accepted. */
    public synchronized int nextId() {
        return maxId + 1;
    }

    public synchronized Optional<Integer> idOf(String canonical) {
        return Optional.ofNullable(idsByCanonical.get(canonical));
    }

    /** Subjects with at least one live version (or with any version, deleted ones included), sorted. */
    public synchronized List<String> subjects(boolean includeDeleted) {
        return subjects.entrySet().stream()
                .filter(e -> includeDeleted || e.getValue().stream().anyMatch(v -> !v.deleted()))
                .map(Map.Entry::getKey).toList();
    }

    /** Live versions of a subject, oldest first; empty when the subject is unknown or deleted. */
    public synchronized List<SchemaVersion> liveVersions(String subject) {
        List<SchemaVersion> out = new ArrayList<>();
        for (Entry e : subjects.getOrDefault(subject, List.of())) {
            if (!e.deleted()) {
                out.add(toVersion(subject, e));
            }
        }
        return out;
    }

    /** The live version with this schema, if the subject has one. */
    public synchronized Optional<SchemaVersion> find(String subject, String canonical) {
        Integer id = idsByCanonical.get(canonical);
        if (id == null) {
            return Optional.empty();
        }
        return liveVersions(subject).stream().filter(v -> v.id() == id).findFirst();
    }

    public synchronized Optional<Schema> schemaById(int id) {
        Stored s = schemasById.get(id);
        return s == null ? Optional.empty() : Optional.of(s.avro());
    }

    public synchronized Optional<String> canonicalById(int id) {
        Stored s = schemasById.get(id);
        return s == null ? Optional.empty() : Optional.of(s.canonical());
    }

    /** Live (subject, version) pairs that use this id, by subject then version. */
    public synchronized List<SchemaVersion> versionsUsing(int id) {
        List<SchemaVersion> out = new ArrayList<>();
        subjects.forEach((subject, entries) -> entries.stream().filter(e -> !e.deleted() && e.id() == id)
                .forEach(e -> out.add(toVersion(subject, e))));
        return out;
    }

    /** The global level: the configured one, or the default this store was created with. */
    public synchronized CompatibilityLevel globalLevel() {
        return globalLevel == null ? defaultLevel : globalLevel;
    }

    public synchronized Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    /** The level that governs registrations under the subject. */
    public synchronized CompatibilityLevel effectiveLevel(String subject) {
        return subjectLevel(subject).orElse(globalLevel());
    }

    public synchronized int schemaCount() {
        return schemasById.size();
    }

    /** Entries applied so far, accepted or not. */
    public synchronized long appliedEntries() {
        return applied;
    }

    private SchemaVersion toVersion(String subject, Entry e) {
        Stored s = schemasById.get(e.id());
        return new SchemaVersion(subject, e.version(), e.id(), s.canonical(), s.avro());
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }
}
