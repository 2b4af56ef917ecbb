package io.ftcoach.dispatcher.domain.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Where a version's model files are in its task folder (workflow-spec §5.3, §6.1), and the fix when they are not. */
public final class ModelFiles {

    private ModelFiles() {
    }

    public static String adapterDir(String version) {
        return "models/adapter/" + version;
    }

    public static String mergedDir(String version) {
        return "models/merged/" + version;
    }

    public static String gguf(String task, String version, String quantization) {
        return "models/gguf/" + task + "-" + version + "-" + quantization + ".gguf";
    }

    /** The files of a model folder, relative to it, sorted; hidden and temporary files are left out. */
    public static List<String> filesIn(TaskFacts t, String relativeDir, String howToMake) {
        Path dir = t.dir().resolve(relativeDir);
        if (!Files.isDirectory(dir)) {
            throw new DeploymentException(FailureCategory.NOT_READY,
                    "Task '" + t.taskId() + "' has no " + relativeDir + ".", howToMake);
        }
        List<String> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .forEach(p -> files.add(dir.relativize(p).toString().replace('\\', '/')));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
        if (files.isEmpty()) {
            throw new DeploymentException(FailureCategory.NOT_READY,
                    relativeDir + " of task '" + t.taskId() + "' is empty.", howToMake);
        }
        files.sort(null);
        return files;
    }

    public static Path requireFile(TaskFacts t, String relative, String howToMake) {
        Path file = t.dir().resolve(relative);
        if (!Files.isRegularFile(file)) {
            throw new DeploymentException(FailureCategory.NOT_READY,
                    "Task '" + t.taskId() + "' has no " + relative + ".", howToMake);
        }
        return file;
    }

    public static String mergeFix(TaskFacts t) {
        return "Merge the adapter first: cd " + t.taskId() + " && python scripts/06_upload_hf.py --merge-adapter "
                + "--version " + t.version() + " (writes " + mergedDir(t.version()) + ").";
    }

    public static String ggufFix(TaskFacts t, String quantization) {
        return "Convert the merged model first: cd " + t.taskId() + " && python scripts/06_upload_hf.py --convert-gguf "
                + "--quantization " + quantization + " --version " + t.version() + " (writes "
                + gguf(t.taskId(), t.version(), quantization) + ").";
    }

    public static String adapterFix(TaskFacts t) {
        return "Train version " + t.version() + " first (it writes " + adapterDir(t.version()) + "), or name the "
                + "version that was trained.";
    }
}
