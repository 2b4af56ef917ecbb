package io.ftcoach.coach.domain.routing;

/** The language a person writes in, and the coach answers in. */
public enum Language {
    ZH_TW("zh-TW"), ZH_CN("zh-CN"), EN("en");

    private final String tag;

    Language(String tag) {
        this.tag = tag;
    }

    /** The BCP 47 tag, e.g. {@code zh-TW}. */
    public String tag() {
        return tag;
    }
}
