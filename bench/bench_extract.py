"""Throughput of `extract` against a blank spaCy tokenizer on the same text, in one run.

    python bench/bench_extract.py [PAPER ...] [-n REPEATS]

Prints tokens per second for: the blank English tokenizer alone, our chemistry tokenizer alone,
our pipeline (nlp.pipe over the paper's blocks), and the whole `extract` (reader + tables + prose +
merge), with the pipeline already built (as in a long `build`), each with its ratio to the blank
tokenizer. The first, cold extract (pipeline construction) is printed separately. Token counts come
from the blank tokenizer, so the rates are comparable. With several papers a total line sums them.

    python bench/bench_extract.py corpus/*.md ../shared/dev-corpus/papers-md/*.md -n 3
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def best_of(n: int, fn) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("papers", nargs="*", type=Path,
                        default=[ROOT / "corpus" / "tolganbek2022_nasicon_interface_review.md"])
    parser.add_argument("-n", type=int, default=5, help="repeats (best and median are printed)")
    args = parser.parse_args()

    import spacy

    from nasicon_kg.extract import extract_facts
    from nasicon_kg.lexicon import load_lexicon
    from nasicon_kg.nlp.pipeline import build_nlp
    from nasicon_kg.readers import read_document

    lexicon = load_lexicon()
    blank = spacy.blank("en")
    totals = {"blank spaCy tokenizer": 0.0, "nasicon-kg tokenizer": 0.0, "nasicon-kg pipeline": 0.0,
              "extract (read+all)": 0.0}
    all_tokens = 0
    for path in args.papers:
        doc = read_document(path)
        texts = [b.text for b in doc.blocks if b.kind in ("paragraph", "abstract", "caption")]
        tokens = sum(len(blank.make_doc(t)) for t in texts)
        t0 = time.perf_counter()
        facts = extract_facts(doc, lexicon=lexicon)
        cold = time.perf_counter() - t0
        nlp = build_nlp(lexicon)
        runs = {
            "blank spaCy tokenizer": best_of(args.n, lambda: [blank.make_doc(t) for t in texts]),
            "nasicon-kg tokenizer": best_of(args.n, lambda: [nlp.make_doc(t) for t in texts]),
            "nasicon-kg pipeline": best_of(args.n, lambda: list(nlp.pipe(texts))),
            "extract (read+all)": best_of(args.n, lambda: extract_facts(read_document(path),
                                                                        lexicon=lexicon)),
        }
        base = runs["blank spaCy tokenizer"][0]
        print(f"{path.name}: {len(texts)} blocks, {tokens} tokens, {len(facts)} facts")
        for name, (best, med) in runs.items():
            totals[name] += best
            ratio = "" if name.startswith("blank") else f"  {best / base:7.1f}x the blank tokenizer's time"
            print(f"  {name:<24}{tokens / best:12,.0f} tokens/s  (best {best * 1e3:8.1f} ms, "
                  f"median {med * 1e3:8.1f} ms){ratio}")
        print(f"  first extract, cold     {cold:8.2f} s (includes building the pipeline)")
        all_tokens += tokens
    if len(args.papers) > 1:
        base = totals["blank spaCy tokenizer"]
        print(f"TOTAL: {len(args.papers)} papers, {all_tokens} tokens")
        for name, secs in totals.items():
            ratio = "" if name.startswith("blank") else f"  {secs / base:7.1f}x the blank tokenizer's time"
            print(f"  {name:<24}{all_tokens / secs:12,.0f} tokens/s  (sum of best {secs:8.2f} s){ratio}")


if __name__ == "__main__":
    main()
