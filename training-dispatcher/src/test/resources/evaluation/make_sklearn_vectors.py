#!/usr/bin/env python3
"""Writes sklearn_vectors.json: fixed predictions and the metrics scikit-learn computes for them.

ClassificationMetricsTest checks the Java evaluation against these numbers to 1e-9. Regenerate with Debian's
scikit-learn (apt-get install -y python3-sklearn; made with 1.2.1):

    /usr/bin/python3 make_sklearn_vectors.py > sklearn_vectors.json

Every case passes its labels explicitly (the task's label order), with zero_division=0 as the Java side uses.
"""
import json
import random

import sklearn
from sklearn.metrics import accuracy_score, classification_report, confusion_matrix


def case(name, labels, gold, predicted):
    report = classification_report(gold, predicted, labels=labels, output_dict=True, zero_division=0)
    return {
        "name": name,
        "labels": labels,
        "gold": gold,
        "predicted": predicted,
        "expected": {
            "accuracy": accuracy_score(gold, predicted),
            "macro_precision": report["macro avg"]["precision"],
            "macro_recall": report["macro avg"]["recall"],
            "macro_f1": report["macro avg"]["f1-score"],
            "weighted_precision": report["weighted avg"]["precision"],
            "weighted_recall": report["weighted avg"]["recall"],
            "weighted_f1": report["weighted avg"]["f1-score"],
            "per_class": {label: {"precision": report[label]["precision"], "recall": report[label]["recall"],
                                  "f1": report[label]["f1-score"], "support": int(report[label]["support"])}
                          for label in labels},
            "confusion_matrix": confusion_matrix(gold, predicted, labels=labels).tolist(),
        },
    }


def main():
    rnd = random.Random(20261125)
    cases = [
        case("binary", ["0", "1"],
             ["1", "1", "0", "1", "0", "0", "1", "1", "0", "1"],
             ["1", "0", "0", "1", "1", "0", "1", "1", "0", "0"]),
        # 中立 occurs in gold but is never predicted: precision 0/0 -> 0
        case("class never predicted", ["正面", "負面", "中立"],
             ["正面", "負面", "中立", "正面", "中立", "負面", "正面", "中立"],
             ["正面", "負面", "正面", "正面", "負面", "負面", "負面", "正面"]),
        # 'other' is predicted but absent from gold (support 0, recall 0/0 -> 0); 'rare' is in neither
        case("class absent from gold", ["sports", "politics", "tech", "other", "rare"],
             ["sports", "politics", "tech", "tech", "sports", "politics", "tech", "sports", "sports"],
             ["sports", "other", "tech", "politics", "sports", "politics", "other", "tech", "sports"]),
        case("all wrong", ["a", "b"], ["a", "a", "b"], ["b", "b", "a"]),
    ]
    labels = ["positive", "negative", "neutral", "mixed"]
    gold = [rnd.choice(labels) for _ in range(200)]
    predicted = [g if rnd.random() < 0.6 else rnd.choice(labels[:3]) for g in gold]
    cases.append(case("random 4 classes, 200 rows", labels, gold, predicted))
    json.dump({"generator": "scikit-learn " + sklearn.__version__, "cases": cases}, __import__("sys").stdout,
              ensure_ascii=False, indent=1)
    print()


if __name__ == "__main__":
    main()
