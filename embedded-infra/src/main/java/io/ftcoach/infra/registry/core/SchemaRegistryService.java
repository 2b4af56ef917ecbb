package io.ftcoach.infra.registry.core;

import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The registry's operations, independent of HTTP and of Kafka.
 *
 * <p><b>How ids stay consistent.</b> A registration is an optimistic claim: after syncing with the journal, the
 * registry picks the schema's existing id (or one past the highest id), and the subject's next version, checks
 * compatibility, appends a {@link JournalEntry.SchemaClaim}, and waits until it has read its own record back.
 * Every registry replays the journal in the same order with the same first-claim-wins rules
 * ({@link SchemaStore#apply}), so if two registries race for the same id or version, all of them accept the same
 * claim; the loser sees that its claim was not accepted and tries again on the new state (where it usually finds
 * its schema already registered, or re-checks compatibility against the version that won). Claims from one process
 * are serialised by a lock, so retries only happen between processes.
 *
 * <p>Reads are answered from the local state. A read that finds nothing first syncs with the journal and looks
 * again, so a schema registered through another registry a moment ago is found, not reported missing.
 */
public final class SchemaRegistryService {

    /** Attempts before a registration that keeps losing races gives up; each lost race means another succeeded. */
    static final int MAX_CLAIM_ATTEMPTS = 25;
    public static final String AVRO = "AVRO";
    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryService.class);

    private final SchemaStore store;
    private final RegistryJournal journal;
    private final ReentrantLock writeLock = new ReentrantLock(true);

    public SchemaRegistryService(SchemaStore store, RegistryJournal journal) {
        this.store = store;
        this.journal = journal;
    }

    public SchemaStore store() {
        return store;
    }

    /**
     * Registers a schema under a subject, or finds it there.
     *
     * @return the schema's global id: the existing one when the subject already holds the schema, or when another
     * subject registered the same schema before
     * @throws RegistryException 42201 invalid schema or type, 409 incompatible with the subject's earlier versions
     */
    public int register(String subject, String schemaText, String schemaType) {
        requireAvro(schemaType);
        String canonical = SchemaStore.parse(schemaText).toString();
        Schema candidate = SchemaStore.parse(canonical);
        writeLock.lock();
        try {
            journal.sync();
            for (int attempt = 1; attempt <= MAX_CLAIM_ATTEMPTS; attempt++) {
                Optional<SchemaVersion> existing = store.find(subject, canonical);
                if (existing.isPresent()) {
                    return existing.get().id();
                }
                CompatibilityLevel level = store.effectiveLevel(subject);
                List<String> problems = CompatibilityChecker.check(candidate, store.liveVersions(subject), level);
                if (!problems.isEmpty()) {
                    throw RegistryException.incompatible("Schema being registered is incompatible with an earlier "
                            + "schema for subject \"" + subject + "\" (" + level + "): " + String.join("; ", problems));
                }
                JournalEntry.SchemaClaim claim = new JournalEntry.SchemaClaim(subject, store.nextVersion(subject),
                        store.idOf(canonical).orElseGet(store::nextId), canonical, UUID.randomUUID().toString());
                journal.append(claim);
                if (store.holds(claim)) {
                    log.info("Registered schema id {} as version {} of subject {}", claim.id(), claim.version(), subject);
                    return claim.id();
                }
                log.info("Claim of id {} / version {} for subject {} lost to another registry (attempt {}); retrying",
                        claim.id(), claim.version(), subject, attempt);
            }
            throw new RegistryException(500, RegistryException.STORE_ERROR, "Could not register a schema under "
                    + "subject '" + subject + "': " + MAX_CLAIM_ATTEMPTS + " claims in a row lost to concurrent "
                    + "registrations by other registries sharing the journal");
        } finally {
            writeLock.unlock();
        }
    }

    /** The subject's live version holding this schema; 40401 when the subject has none, 40403 when not this one. */
    public SchemaVersion lookUp(String subject, String schemaText, String schemaType) {
        requireAvro(schemaType);
        String canonical = SchemaStore.parse(schemaText).toString();
        liveVersionsOrThrow(subject);
        return withSync(() -> store.find(subject, canonical))
                .orElseThrow(() -> RegistryException.schemaNotInSubject(subject));
    }

    public List<String> subjects(boolean includeDeleted) {
        return store.subjects(includeDeleted);
    }

    /** Version numbers of the subject's live versions; 40401 when it has none. */
    public List<Integer> versions(String subject) {
        return liveVersionsOrThrow(subject).stream().map(SchemaVersion::version).toList();
    }

    /** A version by number, or the latest for {@code latest} / {@code -1}. */
    public SchemaVersion version(String subject, String versionSpec) {
        int wanted = parseVersion(versionSpec);
        List<SchemaVersion> live = liveVersionsOrThrow(subject);
        if (wanted == -1) {
            return live.get(live.size() - 1);
        }
        return live.stream().filter(v -> v.version() == wanted).findFirst()
                .or(() -> {
                    journal.sync();
                    return store.liveVersions(subject).stream().filter(v -> v.version() == wanted).findFirst();
                })
                .orElseThrow(() -> RegistryException.versionNotFound(subject, wanted));
    }

    /** The canonical schema text with this global id; 40403 when no schema has it. */
    public String schemaById(String idText) {
        int id = parseId(idText);
        return withSync(() -> store.canonicalById(id)).orElseThrow(() -> RegistryException.schemaIdNotFound(idText));
    }

    /** Live subject versions that use this id; 40403 when no schema has it. */
    public List<SchemaVersion> versionsOfId(String idText) {
        schemaById(idText);
        return store.versionsUsing(parseId(idText));
    }

    /**
     * Tests a schema without registering it. Against {@code latest} it applies the subject's level as registration
     * would (every live version when transitive), and a subject without versions accepts anything; against an
     * explicit version it checks that one version with the level's rule.
     */
    public CompatibilityReport testCompatibility(String subject, String versionSpec, String schemaText,
                                                 String schemaType) {
        requireAvro(schemaType);
        Schema candidate = SchemaStore.parse(schemaText);
        int wanted = parseVersion(versionSpec);
        CompatibilityLevel level = store.effectiveLevel(subject);
        if (wanted == -1) {
            List<SchemaVersion> live = store.liveVersions(subject);
            if (live.isEmpty()) {
                journal.sync();
                live = store.liveVersions(subject);
            }
            List<String> problems = CompatibilityChecker.check(candidate, live, level);
            return new CompatibilityReport(problems.isEmpty(), level, problems);
        }
        SchemaVersion against = version(subject, versionSpec);
        List<String> problems = CompatibilityChecker.check(candidate, List.of(against), level.nonTransitive());
        return new CompatibilityReport(problems.isEmpty(), level, problems);
    }

    public CompatibilityLevel globalLevel() {
        return store.globalLevel();
    }

    public CompatibilityLevel setGlobalLevel(String levelText) {
        CompatibilityLevel level = CompatibilityLevel.parse(levelText);
        write(new JournalEntry.ConfigChange(null, level));
        return level;
    }

    /** The subject's own level, or the global one when it has none and {@code defaultToGlobal}; else 40408. */
    public CompatibilityLevel subjectLevel(String subject, boolean defaultToGlobal) {
        Optional<CompatibilityLevel> own = store.subjectLevel(subject);
        if (own.isPresent()) {
            return own.get();
        }
        if (defaultToGlobal) {
            return store.globalLevel();
        }
        throw RegistryException.subjectLevelConfigNotFound(subject);
    }

    public CompatibilityLevel setSubjectLevel(String subject, String levelText) {
        CompatibilityLevel level = CompatibilityLevel.parse(levelText);
        write(new JournalEntry.ConfigChange(subject, level));
        return level;
    }

    /** Removes the subject's own level, so the global one applies again; returns the removed level or 40408. */
    public CompatibilityLevel deleteSubjectLevel(String subject) {
        writeLock.lock();
        try {
            CompatibilityLevel previous = store.subjectLevel(subject)
                    .orElseThrow(() -> RegistryException.subjectLevelConfigNotFound(subject));
            journal.append(new JournalEntry.ConfigChange(subject, null));
            return previous;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Soft-deletes a subject: its versions disappear from every subject read, while their schemas and ids stay
     * readable by id (records written with them must stay decodable). Registering under the subject again starts
     * from the next version number. Permanent deletion is not supported (42205).
     *
     * @return the version numbers deleted
     */
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        if (permanent) {
            throw new RegistryException(422, RegistryException.OPERATION_NOT_PERMITTED, "Permanent deletion is not "
                    + "supported by the embedded registry; subjects are soft-deleted only (DELETE without ?permanent=true)");
        }
        writeLock.lock();
        try {
            List<Integer> deleted = versions(subject);
            journal.append(new JournalEntry.SubjectDeletion(subject, UUID.randomUUID().toString()));
            return deleted;
        } finally {
            writeLock.unlock();
        }
    }

    private void write(JournalEntry entry) {
        writeLock.lock();
        try {
            journal.append(entry);
        } finally {
            writeLock.unlock();
        }
    }

    private List<SchemaVersion> liveVersionsOrThrow(String subject) {
        List<SchemaVersion> live = store.liveVersions(subject);
        if (live.isEmpty()) {
            journal.sync();
            live = store.liveVersions(subject);
        }
        if (live.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        return live;
    }

    private <T> Optional<T> withSync(Supplier<Optional<T>> read) {
        Optional<T> first = read.get();
        if (first.isPresent()) {
            return first;
        }
        journal.sync();
        return read.get();
    }

    private static void requireAvro(String schemaType) {
        if (schemaType != null && !schemaType.isBlank() && !schemaType.trim().toUpperCase(Locale.ROOT).equals(AVRO)) {
            throw RegistryException.invalidSchema("Unsupported schema type '" + schemaType
                    + "': this registry stores AVRO schemas only");
        }
    }

    /** -1 for latest. */
    static int parseVersion(String text) {
        if (text == null || text.equals("latest") || text.equals("-1")) {
            return -1;
        }
        try {
            int v = Integer.parseInt(text);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through to the error naming the allowed values
        }
        throw RegistryException.invalidVersion(text);
    }

    private static int parseId(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw RegistryException.schemaIdNotFound(text);
        }
    }
}
