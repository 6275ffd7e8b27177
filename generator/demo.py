"""Synthetic demo cases (``python -m generator demo``): valid, varied and deterministic.

All words, shares and weights live in ``data/demo/*.yml``: ``world.yml`` (organisations, dates, how
often each optional field is given), ``topics.yml`` (the words of each topic), ``de.yml``/``en.yml``
(sentence pools and how each text is put together). This module walks the schema, fills every field
from them and writes the front-matter with the writer of ``python -m generator new``.

The same ``(count, seed)`` always gives the same bytes, and ``generate(100)`` is a prefix of
``generate(1000)``: case ``i`` draws from its own ``random.Random(f"{seed}-{i}")``, each organisation
from its own (so it looks the same in every case that names it); nothing depends on the day or machine.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from . import schema, vocabularies
from .newcase import dump_front_matter
from .text import slugify

__all__ = ["generate", "write"]

DATA_DIR = Path(__file__).parent / "data" / "demo"
# The slots one entry of a word list fills (see de.yml); a sentence draws each group at most once.
_GROUPS = {"nouns": "sg pl dpl nom akk dat", "countable": "cnt cpl cdpl", "audiences": "aud aud_dat aud_cnt",
           "actors": "actor actor_dat", "metrics": "metric metric_label verb_past verb_pres change",
           "goals": "goal", "tools": "tool", "networks": "network", "sizes": "size"}
_SLOT_GROUP = {slot: group for group, slots in _GROUPS.items() for slot in slots.split()}
_COUNTED = {"countable": ("cnt", 0.2, 5), "audiences": ("aud_cnt", 0.1, 20)}  # slot, least share, minimum


@cache
def _data(name: str) -> Any:
    with open(DATA_DIR / f"{name}.yml", encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml if there


@cache
def _words(topic: str, lang: str) -> dict[str, list[dict[str, Any]]]:
    """The word lists of a topic in a language as ready slot values, by group (see _GROUPS)."""
    texts, topics = _data(lang), _data("topics")
    words, art = (topics.get(topic) or topics["*"])[lang], texts["articles"]
    nouns = words["nouns"]
    return {
        "nouns": [{"sg": sg, "pl": pl, "dpl": dpl, "nom": f"{art[g][0]} {sg}", "akk": f"{art[g][1]} {sg}",
                   "dat": f"{art[g][2]} {sg}"} for g, sg, pl, dpl, _ in nouns],
        "countable": [{"cnt": n, "cpl": pl, "cdpl": dpl} for _, _, pl, dpl, n in nouns if n]
        or [{"cnt": 100, "cpl": pl, "cdpl": dpl} for _, _, pl, dpl, _ in nouns],
        "audiences": [{"aud": nom, "aud_dat": dat, "aud_cnt": n} for nom, dat, n in words["audiences"]],
        "actors": [{"actor": nom, "actor_dat": dat} for nom, dat in words["actors"]],
        "metrics": [{"metric": phrase, "metric_label": label, **texts["directions"][way]}
                    for phrase, label, way in words["metrics"]],
        "goals": [{"goal": goal} for goal in words["goals"]],
        **{group: [{_GROUPS[group]: w} for w in texts[group]] for group in ("tools", "networks", "sizes")
           if group in texts},
    }


def _pick(rng: random.Random, seq: Sequence[Any]) -> Any:
    return seq[int(rng.random() * len(seq))]


def _randint(rng: random.Random, low: int, high: int) -> int:
    return low + int(rng.random() * (high - low + 1))


def _weighted(rng: random.Random, slugs: Sequence[str], weights: dict[str, float]) -> str:
    return rng.choices(slugs, [weights.get(slug, 1) for slug in slugs])[0]


@cache
def _condition(text: str) -> tuple[tuple[bool, str], ...]:
    return tuple((word[0] != "!", word.lstrip("!")) for word in text.split() if word != "*")


def _holds(condition: str, flags: set) -> bool:
    """'*', or words that must all be flags ('!word': must not be)."""
    return all((word in flags) is wanted for wanted, word in _condition(condition))


def _by(table: Any, flags: set) -> Any:
    """A plain value, or the value of the first key of a mapping that the flags meet ('*': otherwise)."""
    if not isinstance(table, dict):
        return table
    for key, value in table.items():
        if key in flags or (key != "*" and (" " in key or "!" in key) and _holds(key, flags)):
            return value
    return table.get("*")


def _nice(value: float) -> int:
    value = int(value)
    digits = 4 if value >= 1_000_000 else 3 if value >= 10_000 else 2 if value >= 1_000 else 1 if value >= 100 else 0
    return max(round(value, -digits), 1)


def _log_uniform(rng: random.Random, low: float, high: float) -> float:
    return math.exp(rng.uniform(math.log(low), math.log(high)))


class _Fill(dict):
    """The slots of one sentence, drawn when first used (see ``_Case.slot``)."""

    __slots__ = ("case", "main")

    def __missing__(self, key: str) -> str:
        value = self.case.fixed.get(key)
        if value is None:
            self.update(self.case.slot(key, self))
            return dict.__getitem__(self, key)
        return value


class _World:
    """Everything the cases of one run share: the data, the organisations and the cases made so far."""

    def __init__(self, seed: int) -> None:
        self.seed, self.w = seed, _data("world")
        places = self.w["places"]
        self.combos = [p + s for p in places["prefixes"] for s in places["suffixes"]
                       if not p.lower().endswith(s) and not (p[-1] == s[0] and p[-1] in "aeiouhns")]
        self.step = int(len(self.combos) * 0.618) | 1
        while math.gcd(self.step, len(self.combos)) != 1:
            self.step += 2
        setup = random.Random(f"{seed}-world")
        self.name_offset, self.ags_offset = setup.randrange(len(self.combos)), setup.randrange(1_000_000)
        self.orgs: dict[int, dict[str, Any]] = {}
        self.history: list[tuple[str, dict[str, Any]]] = []   # (id, organisation) of every case so far
        self.by_topic: dict[str, list[int]] = {}
        self.plans: dict[str, list[tuple[schema.Field, Any, Callable[[_Case], Any]]]] = {}
        # Enumerations are decided first (texts depend on them), each drawn by the weights in world.yml.
        self.enums = [(path, spec.choices, self.w["weights"].get(spec.vocab, {})) for path, spec in schema.walk()
                      if spec.kind == "enum" and "[]" not in path and not path.startswith("organisation.")]

    def org(self, j: int) -> dict[str, Any]:
        if j not in self.orgs:
            self.orgs[j] = self._org(j, random.Random(f"{self.seed}-m-{j}"))
        return self.orgs[j]

    def _org(self, j: int, rng: random.Random) -> dict[str, Any]:
        w, combos, qualifiers = self.w, self.combos, self.w["places"]["qualifiers"]
        k, rounds = (self.step * j + self.name_offset) % len(combos), j // len(combos)
        place = german = combos[k]
        if rounds:
            place += f" {qualifiers[(rounds - 1) % len(qualifiers)]}" + (f" {rounds}" if rounds > len(qualifiers) else "")
        types, abroad, state = vocabularies.organisation_types().slugs, w["abroad"], None
        if k % abroad["every"] == 7:  # one place in 'every' lies abroad (7: any fixed remainder will do)
            country = abroad["countries"][(k // abroad["every"]) % len(abroad["countries"])]
            kind = _weighted(rng, [t for t in types if t in abroad["types"]], abroad["types"])
            parts, index = w["places"].get(country), k // (len(abroad["countries"]) * abroad["every"]) + 7 * rounds
            if parts:  # the country's own syllables; 'long' once they are used up
                first, second = parts["first"], parts["second"]
                place = first[index % len(first)] + second[(index // len(first)) % len(second)]
                place = parts["long"].format(p=place, german=german) if index >= len(first) * len(second) else place
        else:
            country, state = "DE", _weighted(rng, vocabularies.states().slugs, w["weights"]["states"])
            kind = _weighted(rng, types, w["weights"]["organisation_types"])
        values = {"country": country, "type": kind, "state": state}
        rule = next(r for r in w["organisations"] if all(
            v == values.get(key) or (isinstance(v, list) and values.get(key) in v)
            for key, v in r["when"].items() if key != "share") and rng.random() < r["when"].get("share", 1))
        kind = rule.get("type", kind)
        slug, flags = slugify(place), {country, kind, state}
        org = {"name": rule["name"].format(p=place), "type": kind, "country": rule.get("country", country),
               "state": state, "place": place, "de": [form.format(p=place) for form in rule["de"]],
               "en": [rule["en"].format(p=place)] * 3, "council": _by(rule.get("council", w["council"]), flags),
               "root": rule.get("root", "{slug}").format(slug=slug)}
        if state and rng.random() < _by(rule.get("ags", w["ags"]), flags):
            org["ags"] = f"{vocabularies.states().extra[state]['ags']}{(777_777 * j + self.ags_offset) % 10**6:06d}"
        bounds = rule["population"] if "population" in rule else _by(w["population"], flags)
        if bounds and rng.random() >= _by(w["unknown_population"], flags):
            org["population"] = int(_log_uniform(rng, *bounds))
        org["domain"], org["area"] = f"{org['root']}.example", str(_randint(rng, 30, 9989))
        return org

    def case(self, i: int) -> tuple[str, str]:
        rng = random.Random(f"{self.seed}-{i}")
        own = i if i < 6 else (i - 6) // 4 + 6    # about count/4 organisations, some with many cases
        case = _Case(self, i, rng, self.org(own if rng.random() < 0.5 else int(own * rng.random())))
        data = case.build(schema.CASE_FIELDS, "")
        case.cost_slots(data["cost"])
        body = case.text("body")
        self.by_topic.setdefault(case.topics[0], []).append(i)
        self.history.append((case.id, case.org))
        state = case.org["state"]
        folder = f"{state.lower()}/" if state and rng.random() < self.w["chance"]["folder"] else ""
        return f"{folder}{case.id}.md", f"{dump_front_matter(data)}\n{body}\n"


class _Case:
    """One case: its decisions, its slots for the texts and a value for every field of the schema."""

    def __init__(self, world: _World, i: int, rng: random.Random, org: dict[str, Any]) -> None:
        self.world, self.w, self.i, self.rng, self.org = world, world.w, i, rng, org
        w = self.w
        self.lang = next((lang for lang, share in w["languages"].items()
                          if rng.random() < _by(share, {org["country"]})), "de")
        lang = self.L = _data(self.lang)
        slugs, topics = vocabularies.topics().slugs, _data("topics")
        count = rng.choices((1, 2, 3), w["weights"]["topics_per_case"])[0]
        self.topics = [slugs[int(rng.random() * len(slugs))]]
        self.topics += rng.sample([t for t in slugs if t != self.topics[0]], min(count, len(slugs)) - 1)
        self.words = [topics.get(t, topics["*"]) for t in self.topics]
        self.lang_words = [_words(t, self.lang) for t in self.topics]
        self.pools: dict[str, list[str]] = {}
        project = _pick(rng, [p for p in self.words[0]["projects"] if self.lang in p])
        gender, name, *rest = project[self.lang]
        claim, goal = (rest + ["", ""])[:2]
        root, number = org["root"], str(i + 1)
        self.id = f"{root[:80 - len(project['slug']) - len(number) - 2].strip('-')}-{project['slug']}-{number}"
        self.unit = _pick(rng, self.words[0][self.lang]["units"])
        self.scale = min(5.0, max(0.1, org["population"] / 100_000)) if org.get("population") else 1.0
        self.values = {path: _weighted(rng, choices, weights) for path, choices, weights in world.enums}
        status, dates = self.values["status"], w["dates"]
        self.flags = {*self.values.values(), "planned" if status in dates["planned"] else "done"}
        last, first_year = dates["last_day"], dates["first_year"]
        first, final = dates["started"].get(status, [first_year, last.year])
        start = _randint(rng, max(first, first_year), min(final, last.year))
        self.started, latest = self._date(start, last)
        self.ended = None
        if status in dates["ended"]:
            low, high = dates["ended"][status]
            self.ended, latest = self._date(_randint(rng, start + low, min(start + high, last.year)), last)
        low, high = dates["reviewed"]
        self.reviewed = date.fromordinal(_randint(rng, max(low, latest).toordinal(), high.toordinal())).isoformat()
        live = min(start + _randint(rng, 0, 2), dates["latest_planned"] if "planned" in self.flags else last.year)
        # Links to earlier cases, preferably of the same main topic.
        history, pool, shares = world.history, world.by_topic.get(self.topics[0]), w["between_cases"]
        self.adopted, self.related = None, []
        if i and rng.random() < shares["adopted_from"]:
            self.adopted = _pick(rng, pool or range(i))
            for _ in range(3):
                if history[self.adopted][1] is not org:
                    break
                self.adopted = _pick(rng, pool or range(i))
        if i and rng.random() < shares["related"]:
            want = _randint(rng, 1, 3)
            candidates = pool if pool and len(pool) > want else range(i)
            chosen = rng.sample(candidates, min(want + 1, len(candidates)))
            self.related = [x for x in chosen if x != self.adopted][:want]
        forms = org[self.lang]
        art = lang["articles"][gender]
        self.fixed = {
            "org": forms[0], "org_dat": forms[1], "org_gen": forms[2], "place": org["place"],
            "council": org["council"], "domain": org["domain"], "root": root, "proj_slug": project["slug"],
            "proj_name": name, "proj": f"{art[0]} {name}", "proj_akk": f"{art[1]} {name}",
            "proj_dat": f"{art[2]} {name}", "a_proj": f"{art[3]} {name}", "claim": claim, "proj_goal": goal,
            "partner": lang["partner"][0], "partner_dat": lang["partner"][1], "year": self.started[:4],
            "y_before": str(max(first_year - 2, start - _randint(rng, 0, 3))), "y_start": str(start),
            "y_live": str(live), "y_eval": str(live + 1), "y_end": (self.ended or str(start))[:4]}
        if self.adopted is not None:
            model = history[self.adopted][1]
            self.flags.add("adopted")
            self.fixed.update(model_org=model[self.lang][0], model_gen=model[self.lang][2], model_place=model["place"])
        if self.related:
            self.flags.add("related")
            for slot, form in (("others", 0), ("others_dat", 1)):
                names = [history[x][1][self.lang][form] for x in self.related]
                self.fixed[slot] = f"{', '.join(names[:-1])} {lang['and']} {names[-1]}" if names[1:] else names[0]

    def _date(self, year: int, latest: date) -> tuple[str, date]:
        """A date as YYYY, YYYY-MM or YYYY-MM-DD, never after `latest`; with the last day it may mean."""
        rng = self.rng
        month, day = _randint(rng, 1, latest.month if year == latest.year else 12), _randint(rng, 1, 28)
        form = rng.choices((0, 1, 2), self.w["dates"]["forms"])[0]
        if form == 0:
            return f"{year}", date(year, 12, 31) if year < latest.year else latest
        return (f"{year}-{month:02d}", date(year, month, 28)) if form == 1 else \
            (f"{year}-{month:02d}-{day:02d}", date(year, month, day))

    # --- the front-matter: a walk through the schema ---

    def build(self, fields: tuple[schema.Field, ...], prefix: str) -> dict[str, Any]:
        plan = self.world.plans.get(prefix)
        if plan is None:  # once per run: how each field is filled (see _filler) and how often
            plan = self.world.plans[prefix] = [(spec, self.w["chance"].get(prefix + spec.key),
                                                _filler(spec, prefix + spec.key)) for spec in fields]
        out: dict[str, Any] = {}
        for spec, share, fill in plan:
            if share is not None and self.rng.random() >= (_by(share, self.flags) if type(share) is dict else share):
                if spec.required:  # a required mapping left out: {} ("unknown")
                    out[spec.key] = {}
                continue
            value = fill(self)
            if value not in (None, "", []):
                out[spec.key] = value
        return out

    def amount(self, path: str) -> int | dict[str, int]:
        rng, source = self.rng, self.w["amounts"][path]
        if isinstance(source, str):  # a vocabulary of bands, each band alike
            bands = vocabularies.load(source)
            lows = sorted(bands.extra[s]["min"] for s in bands.slugs if bands.extra[s].get("min") is not None)
            n = int(rng.random() * len(lows))
            low, high = lows[n], lows[n + 1] - 1 if n + 1 < len(lows) else lows[n] * 5
            value = _nice(_log_uniform(rng, max(low, 500), high))
            step = 10_000 if value >= 1_000_000 else 1_000 if value >= 10_000 else 100
            value = max(low, value - step * math.ceil(max(0, value - high) / step))
        else:
            value = _nice(_log_uniform(rng, *source))
        if rng.random() < self.w["ranges"][path]:
            return {"min": _nice(value * rng.uniform(0.4, 0.9)), "max": value}
        return value

    def partners(self) -> list[dict[str, str]]:
        roles, rng, w, out = vocabularies.partner_roles().slugs, self.rng, self.w, []
        for role in rng.sample(roles, _randint(rng, 1, min(3, len(roles)))):
            gender, name = _pick(rng, _by(w["partners"], {role}))
            name = name.format(place=self.org["place"], other=_pick(rng, self.world.combos),
                               region=_pick(rng, w["regions"]))
            out.append({"name": name, "role": role})
            if len(out) == 1:
                art = self.L["articles"][gender]
                self.fixed.update(partner=f"{art[0]} {name}".strip(), partner_dat=f"{art[2]} {name}".strip())
        return out

    def links(self, options: list[list[str]], k: int) -> list[dict[str, str]]:
        slots = {**self.fixed, "n_doc": _randint(self.rng, *self.w["numbers"]["n_doc"])}
        return [{"title": title, "url": url.format_map(slots)} for title, url in self.rng.sample(options, k)]

    # --- texts ---

    def cost_slots(self, cost: dict[str, Any]) -> None:
        """Flags and slots for the text about the costs: one_time_eur, one_time_eur_range, _min, _max, …"""
        self.flags.update(() if cost else ("cost_unknown",))
        self.pools.clear()  # the flags change
        for key, value in cost.items():
            if isinstance(value, dict):
                self.flags.add(f"{key}_range")
                self.fixed.update({f"{key}_{k}": self.number(v) for k, v in value.items()})
                continue
            self.flags.add(key)
            if isinstance(value, list):
                self.fixed.update(value[0])
            elif isinstance(value, float):
                self.flags.update(("staff_fte_one",) if value == 1 else ())
                self.fixed[key] = f"{value:g}".replace(".", self.L["decimal"])
            else:
                self.fixed[key] = value if isinstance(value, str) else self.number(value)

    def number(self, value: int) -> str:
        return f"{value:,}".replace(",", self.L["thousands"])

    def slot(self, key: str, fill: _Fill) -> dict[str, str]:
        """A slot of a sentence: the case's own, capitalised, a phrase, a word group or a number."""
        rng, group = self.rng, _SLOT_GROUP.get(key)
        if group is not None:  # a word of a topic (mostly the main one) or of the language's lists
            words = self.lang_words
            topic = words[0] if fill.main or len(words) == 1 or rng.random() < 0.85 else _pick(rng, words[1:])
            entry = _pick(rng, topic[group])
            if group in _COUNTED:  # a typical number, scaled by the organisation's size
                slot, least, minimum = _COUNTED[group]
                value = _nice(max(minimum, rng.uniform(least, 1) * entry[slot] * self.scale))
                entry = {**entry, slot: self.number(value)}
            return entry
        if key in self.w["numbers"]:
            return {key: self.number(_randint(rng, *self.w["numbers"][key]))}
        if key[0].isupper():  # {Metric}: {metric}, capitalised
            value = fill[key[0].lower() + key[1:]]
            return {key: value[:1].upper() + value[1:]}
        value = _by(self.L["phrases"][key], self.flags)
        return {key: _pick(rng, value) if isinstance(value, list) else value}

    def deal(self, key: Any, items: Sequence[Any], k: int) -> list[Any]:
        """k items from a shuffled deck: nothing twice within one text until the deck is used up."""
        deck, out, rng = self.decks.get(key), [], self.rng
        for _ in range(min(k, len(items))):
            if not deck:
                deck = self.decks[key] = list(items)
            j = int(rng.random() * len(deck))
            out.append(deck[j])
            deck[j] = deck[-1]
            deck.pop()
        return out

    def sentence(self, template: str, main: bool) -> str:
        if "{" in template:
            fill = _Fill()
            fill.case, fill.main = self, main
            template = template.format_map(fill)
        text = template[:1].upper() + template[1:]
        if " dem " in text:
            for long, short in self.L["contractions"]:
                text = text.replace(long, short)
        return text

    def pool(self, name: str) -> list[str]:
        found = self.pools.get(name)
        if found is None:
            pool = self.L["pools"][name]
            found = self.pools[name] = pool if isinstance(pool, list) else \
                [t for c, ts in pool.items() if _holds(c, self.flags) for t in ts]
        return found

    def text(self, key: str, spec: schema.Field | None = None) -> str:
        self.decks: dict[Any, list[Any]] = {}
        return "\n\n".join(self.blocks(self.L["fields"][key], spec))

    def blocks(self, blocks: list[Any], spec: schema.Field | None) -> list[str]:
        """The paragraphs of a text put together as de.yml describes ('fields')."""
        rng, out = self.rng, []
        for block in blocks:
            if isinstance(block, str):
                out.append(block)
                continue
            if ("if" in block and not _holds(block["if"], self.flags)) or \
                    ("chance" in block and rng.random() >= block["chance"]):
                continue
            main = block.get("main", False)
            if "blocks" in block:
                out += self.blocks(block["blocks"], spec)
            elif "one" in block:  # one sentence that fits the field
                low, high = (spec.min_length or 0, spec.max_length or 10**6) if spec else (0, 10**6)
                for template in self.deal(block["one"], self.pool(block["one"]), 99):
                    sentence = self.sentence(template, main)
                    if low <= len(sentence) <= high:
                        break
                out.append(sentence[:high])
            elif "list" in block:
                name, low, high = block["list"]
                items = [self.sentence(t, main) for t in self.deal(name, self.pool(name), _randint(rng, low, high))]
                items = [item for n, item in enumerate(items) if item.split(":")[0] not in
                         {other.split(":")[0] for other in items[:n]}]  # never the same label twice
                numbered = rng.random() < block.get("numbered", 0)
                out.append("\n".join(f"{n}. {item}" if numbered else f"- {item}" for n, item in enumerate(items, 1)))
            else:
                parts = [self.sentence(t, main) for part in block["say"] for t in (
                    self.pool(part) if isinstance(part, str) else self.deal(part[0], self.pool(part[0]),
                                                                            _randint(rng, part[1], part[2])))]
                for extra in self.pool(block["extra"]) if "extra" in block else ():
                    parts.insert(_randint(rng, 0, len(parts)), self.sentence(extra, main))
                if parts:
                    out.append(" ".join(parts))
        return [paragraph for paragraph in out if paragraph]


def _some(case: _Case, key: str, most: int, extra: Sequence[Any] = ()) -> list[Any]:
    """1 to `most` distinct items of the topics' lists (tags, sdgs) and `extra`, in order."""
    pool = sorted({item for words in case.words for item in words[key]} | set(extra))
    return sorted(case.rng.sample(pool, _randint(case.rng, 1, min(most, len(pool)))))


# Fields whose value comes from the case's decisions or needs more than the generic rules in _filler.
_PRODUCERS = {
    "id": lambda c: c.id,
    "redirect_from": lambda c: [c.w["redirect_from"].format(n=c.i + 1, root=c.org["root"])[:80].strip("-")],
    "lang": lambda c: c.lang,
    "organisation.unit": lambda c: c.unit,
    "partners": _Case.partners,
    "topics": lambda c: c.topics,
    "tags": lambda c: _some(c, "tags", 8, c.w["generic_tags"]),
    "started": lambda c: c.started,
    "ended": lambda c: c.ended,
    "cost.staff_fte": lambda c: _pick(c.rng, c.w["staff_fte"]),
    "cost.funding": lambda c: [{"programme": programme, "funder": _pick(c.rng, c.w["funders"])}
                               for programme in c.rng.sample(c.w["programmes"], _randint(c.rng, 1, 2))],
    "reuse.license": lambda c: _pick(c.rng, _by(c.w["licenses"], c.flags)),
    "reuse.repository": lambda c: _pick(c.rng, c.w["repository"]).format_map(c.fixed),
    "reuse.materials": lambda c: c.links(c.L["materials"], 1 + (c.rng.random() < 0.5)),
    "adopted_from": lambda c: c.world.history[c.adopted][0] if c.adopted is not None else None,
    "related": lambda c: [c.world.history[x][0] for x in c.related],
    "contact.unit": lambda c: c.unit,
    "contact.email": lambda c: f"{_pick(c.rng, c.words[0]['mailboxes'])}@{c.org['domain']}",
    "contact.name": lambda c: f"{_pick(c.rng, c.w['people']['first'])} {_pick(c.rng, c.w['people']['last'])}",
    "contact.phone": lambda c: f"{c.w['phone'].get(c.org['country'], '+49')} {c.org['area']} "
                               f"{_randint(c.rng, 100, 9999)}-{_randint(c.rng, 0, 99)}",
    "contact.url": lambda c: f"https://www.{c.org['domain']}/{slugify(c.unit)}",
    "links": lambda c: c.links(c.L["links"], _randint(c.rng, 1, 3)),
    "sdgs": lambda c: sorted(set(_some(c, "sdgs", 3) + [_randint(c.rng, 1, 17)] * (c.rng.random() < 0.2))),
    "reviewed": lambda c: c.reviewed,
}


def _filler(spec: schema.Field, path: str) -> Callable[[_Case], Any]:
    """How a field of the schema gets its value in a demo case."""
    if path in _PRODUCERS:
        return _PRODUCERS[path]
    if path.startswith("organisation."):
        return lambda case: case.org.get(spec.key)
    if spec.kind == "enum":  # decided when the case is made
        return lambda case: case.values[path]
    if path in _data("de")["fields"]:  # a text, as de.yml/en.yml put it together
        return lambda case: case.text(path, spec) if path in case.L["fields"] else None
    if spec.kind == "object":
        return lambda case: case.build(spec.fields, path + ".")
    if spec.kind == "amount":
        return lambda case: case.amount(path)
    if spec.const is not None or (spec.required and spec.example is not None):
        return lambda case: spec.const if spec.const is not None else spec.example
    if spec.required:
        raise ValueError(f"demo: no value for the required field '{path}' (see generator/data/demo)")
    return lambda case: None


def generate(count: int, seed: int = 1) -> Iterator[tuple[str, str]]:
    """Yield (relative_path, file_text) for `count` synthetic cases.

    The same (count, seed) always gives the same bytes, and the first n cases of a larger count are
    the n cases of the smaller one.
    """
    if count < 0:
        raise ValueError("count must not be negative")
    world = _World(seed)
    for i in range(count):
        yield world.case(i)


def write(count: int, out: Path, seed: int = 1) -> int:
    """Write the cases under `out` (creating it), return the number written."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    folders, written = {out}, 0
    for relative, text in generate(count, seed):
        path = out / relative
        if path.parent not in folders:
            path.parent.mkdir(exist_ok=True)
            folders.add(path.parent)
        path.write_bytes(text.encode("utf-8"))
        written += 1
    return written


ADOPTION_SHARE = 7  # every 7th case gets an adoption record (every 10th record is discontinued)


def adoption_records(out: Path, seed: int = 1) -> Iterator[tuple[str, str]]:
    """Yield (file name, file text) of fictional adoption records for the demo cases under ``out``:
    adopters named "Gemeinde Demoheim N" (never a case's own organisation, never twice for a case),
    chains through cases that adopted others come from the cases' own ``adopted_from``."""
    import yaml

    from . import schema
    from .newcase import adoption_slug, render

    rng = random.Random(seed * 7919)
    states = list(vocabularies.states().slugs)
    paths = sorted(p for p in out.rglob("*.md") if not p.name.startswith(("_", ".")))
    for number, path in enumerate(paths[::ADOPTION_SHARE], start=1):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])
        if front.get("withdrawn"):
            continue
        ended = number % 10 == 0
        name = f"Gemeinde Demoheim {number}"
        values = {
            "schema": 1, "case": front["id"], "organisation.name": name, "organisation.type": "municipality",
            "organisation.country": "DE", "organisation.state": rng.choice(states),
            "organisation.population": rng.randint(800, 60000),
            "status": "discontinued" if ended else rng.choice(("planning", "pilot", "operation", "operation")),
            "since": str(front["started"]),
            "contact.unit": "Hauptamt", "contact.email": f"hauptamt@demoheim-{number}.example",
            "changes": ("Eingestellt: Die Gemeinde hat sich einem gemeinsamen Angebot des Landkreises "
                        "angeschlossen." if ended else None),
            "content_license": "CC-BY-4.0", "reviewed": str(front["reviewed"]),
        }
        text = render({k: v for k, v in values.items() if v is not None}, schema.ADOPTION_FIELDS, "")
        yield f"{adoption_slug(name, front['id'])}.md", text


def write_adoptions(out: Path, folder: Path, seed: int = 1) -> int:
    """Write adoption records for the demo cases under ``out`` into ``folder``; return how many."""
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for name, text in adoption_records(out, seed):
        (folder / name).write_text(text, encoding="utf-8")
        written += 1
    return written
