package io.ftcoach.dispatcher.domain.evaluation;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a BIO (IOB2) tag sequence into entities the way seqeval does by default (conlleval's rules, not its strict
 * mode): a chunk starts at {@code B-X}, at an {@code I-X} that follows {@code O} or another type (so a stray
 * {@code I-} still counts), and at {@code S-X}; it ends before {@code O}, before a {@code B-}, before a tag of
 * another type, and after {@code E-X} or {@code S-X} (IOBES; BILOU's {@code L-}/{@code U-} read as {@code E-}/{@code S-}).
 * Spans are token offsets, end exclusive.
 */
public final class BioTags {

    private BioTags() {
    }

    /** @param tokens the tokens, for the entities' text; may be null */
    public static List<Entity> entities(List<String> tags, List<String> tokens) {
        if (tokens != null && tokens.size() != tags.size()) {
            throw new IllegalArgumentException("There are " + tokens.size() + " tokens but " + tags.size() + " tags");
        }
        List<Entity> out = new ArrayList<>();
        String type = null;
        int start = -1;
        for (int i = 0; i <= tags.size(); i++) {
            String tag = i < tags.size() ? tags.get(i) : "O";
            String prefix = prefix(tag, i);
            String t = prefix.equals("O") ? null : tag.substring(2);
            boolean continues = type != null && (prefix.equals("I") || prefix.equals("E") || prefix.equals("L"))
                    && t.equals(type);
            if (type != null && !continues) {
                out.add(Entity.span(type, start, i, text(tokens, start, i)));
                type = null;
            }
            if (t != null && !continues) {
                type = t;
                start = i;
            }
            if (prefix.equals("E") || prefix.equals("S") || prefix.equals("U") || prefix.equals("L")) {
                if (type != null) {
                    out.add(Entity.span(type, start, i + 1, text(tokens, start, i + 1)));
                }
                type = null;
            }
        }
        return out;
    }

    private static String prefix(String tag, int i) {
        if (tag == null || tag.equals("O") || tag.isBlank()) {
            return "O";
        }
        if (tag.length() > 2 && tag.charAt(1) == '-' && "BIESUL".indexOf(tag.charAt(0)) >= 0) {
            return String.valueOf(tag.charAt(0));
        }
        throw new IllegalArgumentException("Tag " + (i + 1) + " '" + tag + "' is not O, B-<type>, I-<type>, "
                + "E-<type> or S-<type>");
    }

    private static String text(List<String> tokens, int start, int end) {
        if (tokens == null) {
            return "";
        }
        return String.join(" ", tokens.subList(start, end));
    }
}
