package io.ftcoach.coach.domain.routing;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Language detection by script, and the normal form the keyword tables are written in.
 *
 * <p>Chinese text is told apart by characters that exist in only one of the two scripts (训 against 訓,
 * 据 against 據, …): more Simplified-only than Traditional-only characters make it zh-CN, otherwise zh-TW (the
 * project's default language, also for text whose characters are the same in both). Text without any CJK
 * ideograph is English, so code-mixed text with Chinese in it is answered in Chinese.
 *
 * <p>{@link #normalize} folds full-width forms (NFKC), lower-cases, and maps the Simplified characters the
 * keyword tables need to their Traditional form, so every table is written once, in Traditional characters.
 */
public final class Scripts {

    /** Simplified → Traditional, pairs of characters. Only characters that are one-to-one in practice. */
    private static final String PAIRS =
            "训訓练練务務据據资資库庫数數评評结結过過拟擬准準确確么麼办辦帮幫产產项項构構类類别別较較进進览覽显顯"
            + "开開个個闻聞来來们們该該续續还還为為吗嗎现現态態条條录錄单單试試测測问問题題说說败敗内內样樣这這"
            + "时時间間签簽标標对對与與从從导導档檔网網页頁调調传傳发發线線载載总總诊診断斷设設给給让讓种種够夠"
            + "习習学學专專优優细細换換关關于於状狀况況长長达達稳穩错錯误誤记記忆憶极極当當机機运運执執启啟动動"
            + "选選择擇应應继繼称稱询詢创創级級虫蟲预預处處报報溃潰挂掛轮輪验驗证證损損变變读讀写寫头頭图圖员員"
            + "语語体體简簡转轉备備规規释釋义義负負积積视視认認识識实實计計划劃价價复復杂雜范範围圍边邊层層参參"
            + "馈饋诉訴讯訊论論议議压壓缩縮将將会會后後里裡么麼质質量量满滿爆爆卡卡启啟"
            + "够夠难難题題们們怎怎仓倉储儲赛賽绩績";

    /** Simplified characters that also occur in Traditional text; they do not count as evidence. */
    private static final Set<Integer> AMBIGUOUS = Set.of((int) '准', (int) '后', (int) '里', (int) '于',
            (int) '量', (int) '爆', (int) '卡', (int) '怎');

    private static final Map<Integer, Integer> TO_TRADITIONAL = new HashMap<>();
    private static final Set<Integer> SIMPLIFIED_ONLY = new HashSet<>();
    private static final Set<Integer> TRADITIONAL_ONLY = new HashSet<>();

    static {
        int[] cps = PAIRS.codePoints().toArray();
        for (int i = 0; i + 1 < cps.length; i += 2) {
            int s = cps[i];
            int t = cps[i + 1];
            if (s == t) {
                continue;
            }
            TO_TRADITIONAL.put(s, t);
            if (!AMBIGUOUS.contains(s)) {
                SIMPLIFIED_ONLY.add(s);
                TRADITIONAL_ONLY.add(t);
            }
        }
        // Traditional-only characters common in requests that have no entry above
        for (int cp : "們這個資據庫訓練務設專產開發數學過擬準確".codePoints().toArray()) {
            TRADITIONAL_ONLY.add(cp);
        }
    }

    private Scripts() {
    }

    public static Language detect(String text) {
        int simplified = 0;
        int traditional = 0;
        boolean cjk = false;
        for (int cp : text.codePoints().toArray()) {
            if (isHan(cp)) {
                cjk = true;
                if (SIMPLIFIED_ONLY.contains(cp)) {
                    simplified++;
                } else if (TRADITIONAL_ONLY.contains(cp)) {
                    traditional++;
                }
            }
        }
        if (!cjk) {
            return Language.EN;
        }
        return simplified > traditional ? Language.ZH_CN : Language.ZH_TW;
    }

    public static String normalize(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(folded.length());
        folded.codePoints().forEach(cp -> out.appendCodePoint(TO_TRADITIONAL.getOrDefault(cp, cp)));
        return out.toString();
    }

    static boolean isHan(int cp) {
        return Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN;
    }
}
