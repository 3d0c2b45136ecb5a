"""Render the inline LaTeX of converted papers (the content between ``$...$``) as plain text.

>>> latex_to_text(r"\\text{Li}_{1.3}\\text{Al}_{0.3}\\text{Ti}_{1.7}(\\text{PO}_4)_3")
'Li1.3Al0.3Ti1.7(PO4)3'
>>> latex_to_text(r"4.49 \\pm 0.31 \\times 10^{-3} \\text{ S cm}^{-1}")
'4.49 ± 0.31 × 10⁻³ S cm⁻¹'
>>> latex_to_text(r"\\sim 1\\text{--}2 \\text{ }\\mu\\text{m}")
'~1–2 μm'

Subscripts are flattened, superscripts go through :func:`textutil.superscript`,
known symbols become their Unicode characters, unknown commands are dropped and
the content of their braces kept. Never raises.
"""
from __future__ import annotations

import re

from .textutil import superscript

GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "varpi": "ϖ", "rho": "ρ",
    "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ", "upsilon": "υ", "phi": "φ",
    "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
    "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    "upmu": "μ", "micro": "μ", "textmu": "μ", "AA": "Å", "angstrom": "Å", "ell": "ℓ",
    "infty": "∞", "partial": "∂", "nabla": "∇", "hbar": "ħ", "prime": "′", "circ": "°",
    "degree": "°", "textdegree": "°", "ohm": "Ω", "textohm": "Ω", "dagger": "†", "ddagger": "‡",
    "ldots": "…", "dots": "…", "cdots": "⋯", "textperthousand": "‰", "permil": "‰",
    "checkmark": "✓", "S": "§", "P": "¶", "copyright": "©", "textregistered": "®",
}
#: symbols rendered with a space either side (binary operators and relations)
OPERATORS = {
    "times": "×", "pm": "±", "mp": "∓", "cdot": "·", "div": "÷", "approx": "≈", "simeq": "≃",
    "cong": "≅", "equiv": "≡", "le": "≤", "leq": "≤", "leqslant": "≤", "ge": "≥", "geq": "≥",
    "geqslant": "≥", "ll": "≪", "gg": "≫", "neq": "≠", "ne": "≠", "propto": "∝",
    "to": "→", "rightarrow": "→", "longrightarrow": "→", "Rightarrow": "⇒", "leftarrow": "←",
    "leftrightarrow": "↔", "rightleftharpoons": "⇌", "rightleftarrows": "⇄", "in": "∈",
    "cap": "∩", "cup": "∪", "bullet": "•", "ast": "*", "star": "⋆",
}
#: prefix symbols: no space after (``\sim 5`` -> ``~5``)
PREFIXES = {"sim": "~", "lesssim": "≲", "gtrsim": "≳", "sqrt": "√", "neg": "¬"}
#: accents: ``\bar{3}`` is the crystallographic -3, the others keep their content
ACCENTS = {"bar": "-", "overline": "-", "hat": "", "widehat": "", "tilde": "", "widetilde": "",
           "vec": "", "dot": "", "ddot": "", "mathring": "", "check": "", "breve": "",
           "acute": "", "grave": "", "underline": ""}
SPACES = {",": " ", ";": " ", ":": " ", ">": " ", "!": "", " ": " ", "quad": " ", "qquad": " ",
          "enspace": " ", "thinspace": " ", "medspace": " ", "thickspace": " ", "space": " ",
          "nobreakspace": " ", "hspace": None, "vspace": None, "phantom": None, "hphantom": None,
          "vphantom": None, "label": None, "tag": None, "nonumber": "", "notag": ""}
ESCAPES = {"%": "%", "{": "{", "}": "}", "_": "_", "&": "&", "#": "#", "$": "$", "\\": " ",
           "|": "‖", "-": ""}
#: commands that take no argument and print nothing (sizing, delimiters' helpers)
SILENT = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr",
          "biggl", "biggr", "displaystyle", "textstyle", "scriptstyle", "limits", "nolimits",
          "mathstrut", "strut", "middle", "relax", "rm", "it", "bf", "sf", "tt", "cal",
          "normalsize", "small", "footnotesize", "scriptsize", "tiny", "large", "Large",
          "boldmath", "unboldmath", "centering", "allowbreak", "newline", "cr"}


class _Parser:
    """A small recursive reader over a LaTeX string; every method is total."""

    def __init__(self, s: str) -> None:
        self.s = s
        self.i = 0
        self.depth = 0

    def peek(self) -> str:
        return self.s[self.i] if self.i < len(self.s) else ""

    def skip_spaces(self) -> None:
        while self.i < len(self.s) and self.s[self.i].isspace():
            self.i += 1

    def group(self) -> str:
        """The next argument: a braced group, a command, or one character."""
        self.skip_spaces()
        c = self.peek()
        if not c:
            return ""
        if c == "{":
            self.i += 1
            return self.until_close()
        if c == "\\":
            return self.command()
        if c in "}":
            return ""
        self.i += 1
        return c

    def optional(self) -> str:
        """An optional ``[...]`` argument (read and returned)."""
        self.skip_spaces()
        if self.peek() != "[":
            return ""
        end = self.s.find("]", self.i)
        if end < 0:
            return ""
        out = self.s[self.i + 1:end]
        self.i = end + 1
        return out

    def until_close(self) -> str:
        """Render up to the matching ``}`` (or the end of the string)."""
        self.depth += 1
        if self.depth > 200:  # pathological nesting: keep the rest as plain characters
            rest = self.s[self.i:]
            self.i = len(self.s)
            self.depth -= 1
            return re.sub(r"[\\{}]", "", rest)
        out = self.sequence(closing=True)
        self.depth -= 1
        return out

    def sequence(self, closing: bool = False) -> str:
        parts: list[str] = []
        while self.i < len(self.s):
            c = self.s[self.i]
            if c == "}":
                self.i += 1
                if closing:
                    break
                continue  # a stray closing brace
            if c == "{":
                self.i += 1
                parts.append(self.until_close())
            elif c == "\\":
                parts.append(self.command())
            elif c == "_":
                self.i += 1
                parts.append(self.group())
            elif c == "^":
                self.i += 1
                parts.append(_sup(self.group()))
            elif c == "~":
                self.i += 1
                parts.append(" ")
            elif c == "-" and self.s.startswith("---", self.i):
                self.i += 3
                parts.append("—")
            elif c == "-" and self.s.startswith("--", self.i):
                self.i += 2
                parts.append("–")
            elif c in "&$":
                self.i += 1
                parts.append(" " if c == "&" else "")
            else:
                self.i += 1
                parts.append(c)
        return "".join(parts)

    def command(self) -> str:
        """Read ``\\name`` (or ``\\x``) at ``self.i`` and render it with its arguments."""
        self.i += 1  # the backslash
        m = re.compile(r"[A-Za-z]+").match(self.s, self.i)
        if not m:
            c = self.peek()
            if not c:
                return ""
            self.i += 1
            if c in SPACES:
                return SPACES[c] or ""
            return ESCAPES.get(c, c if not c.isspace() else " ")
        name = m.group(0)
        self.i = m.end()
        if name in OPERATORS:
            return f" {OPERATORS[name]} "
        if name in PREFIXES:
            if name == "sqrt":
                self.optional()
                return "√" + self.group()
            self.skip_spaces()
            return PREFIXES[name]
        if name in GREEK:
            self.skip_spaces()
            return GREEK[name]
        if name in ACCENTS:
            return ACCENTS[name] + self.group()
        if name in SPACES:
            if SPACES[name] is None:
                self.group()
                return ""
            return SPACES[name] or ""
        if name in SILENT:
            return ""
        if name in {"frac", "dfrac", "tfrac", "cfrac"}:
            num, den = self.group(), self.group()
            num = f"({num})" if len(num) > 1 and not num.isalnum() else num
            den = f"({den})" if len(den) > 1 and not den.isalnum() else den
            return f"{num}/{den}"
        if name in {"textsuperscript", "overset"}:
            return _sup(self.group())
        if name in {"ce", "pu"}:
            return self.group()
        if name in {"begin", "end"}:
            self.group()  # environment name
            return " "
        # \text, \mathrm, \operatorname and anything unknown: keep the braces' content
        if self.peek() == "{":
            self.i += 1
            return self.until_close()
        return ""


def _sup(content: str) -> str:
    content = content.strip()
    if content in {"°", "∘", "′", "″", "*", "†", "‡"}:
        return "°" if content == "∘" else content
    if content.startswith("°"):
        return content
    return superscript(content)


def latex_to_text(s: str) -> str:
    """Plain text for inline LaTeX ``s`` (without the dollar signs). Never raises."""
    if not s:
        return ""
    try:
        out = _Parser(str(s)).sequence()
    except Exception:  # noqa: BLE001 - a bad formula must not lose the paper
        out = re.sub(r"\\[A-Za-z]+|[\\{}^_$]", "", str(s))
    return re.sub(r"\s+", " ", out).strip()
