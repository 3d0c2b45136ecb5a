"""Throughput of `extract` against a blank spaCy tokenizer on the same text, in one run.

    python bench/bench_extract.py [PAPER ...] [-n REPEATS]

Prints tokens per second for: the blank English tokenizer alone, our pipeline (nlp.pipe over the
paper's blocks), and the whole `extract` (reader + tables + prose + merge), with the pipeline
already built (as in a long `build`). The first, cold extract (pipeline construction) is printed
separately. Token counts come from the blank tokenizer, so the three rates are comparable.
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
    for path in args.papers:
        doc = read_document(path)
        texts = [b.text for b in doc.blocks if b.kind in ("paragraph", "abstract", "caption")]
        tokens = sum(len(blank.make_doc(t)) for t in texts)
        t0 = time.perf_counter()
        facts = extract_facts(doc, lexicon=lexicon)
        cold = time.perf_counter() - t0
        nlp = build_nlp(lexicon)
        tok_best, tok_med = best_of(args.n, lambda: [blank.make_doc(t) for t in texts])
        nlp_best, nlp_med = best_of(args.n, lambda: list(nlp.pipe(texts)))
        ext_best, ext_med = best_of(args.n, lambda: extract_facts(read_document(path), lexicon=lexicon))
        print(f"{path.name}: {len(texts)} blocks, {tokens} tokens, {len(facts)} facts")
        print(f"  blank spaCy tokenizer   {tokens / tok_best:12,.0f} tokens/s  (best {tok_best * 1e3:8.1f} ms, median {tok_med * 1e3:8.1f} ms)")
        print(f"  nasicon-kg pipeline     {tokens / nlp_best:12,.0f} tokens/s  (best {nlp_best * 1e3:8.1f} ms, median {nlp_med * 1e3:8.1f} ms)")
        print(f"  extract (read+all)      {tokens / ext_best:12,.0f} tokens/s  (best {ext_best * 1e3:8.1f} ms, median {ext_med * 1e3:8.1f} ms)")
        print(f"  first extract, cold     {cold:8.2f} s (includes building the pipeline)")
        print(f"  pipeline / tokenizer    {nlp_best / tok_best:8.1f}x slower")


if __name__ == "__main__":
    main()
