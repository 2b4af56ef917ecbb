#!/usr/bin/env python3
"""Writes the demo's labelled sample (platform/src/main/resources/demo/reviews.csv).

Short food-delivery and product reviews in Chinese and English, built from hand-written phrase lists with a fixed
seed, so the file is the same on every run. Run from the repository root: python3 platform/demo-data/generate_reviews.py
"""
import csv
import random

POSITIVE_ZH = ["送餐很快", "味道很好", "分量很足", "包装很用心", "还是热的", "服务态度很好", "价格实惠", "食材新鲜",
               "骑手很准时", "口感不错", "下次还会再点", "性价比很高", "质量很好", "物流很快", "做工精致"]
NEGATIVE_ZH = ["送餐太慢了", "味道很差", "分量太少", "包装破了", "菜都凉了", "态度很差", "价格太贵", "不新鲜",
               "等了两个小时", "太咸了", "再也不点了", "和图片不一样", "质量很差", "少送了一份", "汤洒了一半"]
POSITIVE_EN = ["arrived fast", "tastes great", "generous portion", "well packed", "still hot", "friendly courier",
               "good value", "fresh ingredients", "on time", "would order again", "solid quality", "works perfectly",
               "exactly as described", "great service", "really tasty"]
NEGATIVE_EN = ["arrived very late", "tastes awful", "tiny portion", "the box was broken", "cold food", "rude courier",
               "overpriced", "not fresh", "waited two hours", "far too salty", "never ordering again",
               "nothing like the photo", "poor quality", "missing an item", "the soup spilled"]
OPENERS_ZH = ["", "这家店", "今天点的", "第二次买了，", "老实说，"]
OPENERS_EN = ["", "Ordered lunch: ", "Second order here, ", "Honestly, ", "The noodles: "]
JOIN_ZH = ["，", "，而且", "，"]
JOIN_EN = [", ", " and ", ", also "]


def review(rng, label, chinese):
    phrases = (POSITIVE_ZH if label == "positive" else NEGATIVE_ZH) if chinese else \
        (POSITIVE_EN if label == "positive" else NEGATIVE_EN)
    picked = rng.sample(phrases, rng.choice([1, 2, 2, 3]))
    if chinese:
        text = rng.choice(OPENERS_ZH) + rng.choice(JOIN_ZH).join(picked) + rng.choice(["", "。", "！"])
    else:
        body = rng.choice(JOIN_EN).join(picked)
        opener = rng.choice(OPENERS_EN)
        text = opener + (body if opener else body[0].upper() + body[1:]) + rng.choice(["", ".", "!"])
    return text


VERDICT_ZH = {"positive": ["总体还是满意的", "瑕不掩瑜", "整体不错"], "negative": ["总体很失望", "不值这个价", "不会回购"]}
VERDICT_EN = {"positive": ["overall still happy", "worth it anyway", "good overall"],
              "negative": ["overall disappointed", "not worth the money", "won't buy again"]}


def mixed(rng, label, chinese):
    """One phrase of each side, the label decided by the closing verdict: what makes the sample less trivial."""
    if chinese:
        good, bad = rng.choice(POSITIVE_ZH), rng.choice(NEGATIVE_ZH)
        return rng.choice([good + "，但是" + bad, bad + "，不过" + good]) + "，" + rng.choice(VERDICT_ZH[label])
    good, bad = rng.choice(POSITIVE_EN), rng.choice(NEGATIVE_EN)
    body = rng.choice([good + " but " + bad, bad + ", though " + good])
    return body[0].upper() + body[1:] + "; " + rng.choice(VERDICT_EN[label])


def main():
    rng = random.Random(20260101)
    rows, seen = [], set()
    while len(rows) < 480:
        label = "positive" if len(rows) % 2 == 0 else "negative"
        chinese = rng.random() < 0.6
        text = mixed(rng, label, chinese) if rng.random() < 0.3 else review(rng, label, chinese)
        if text not in seen:
            seen.add(text)
            rows.append((text, label))
    with open("platform/src/main/resources/demo/reviews.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["review", "sentiment"])
        w.writerows(rows)


if __name__ == "__main__":
    main()
