"""Names printed in other scripts (周恩来, 김일성, Сталин) are parties, resolve, never merge."""

from __future__ import annotations

from kg.sources.titles import parse_title


def test_title_parties_in_a_script_without_case() -> None:
    """A Chinese or Korean name is a party of the title like a capitalised one (written for testing)."""
    t = parse_title("Ciphered Telegram No. 7657, 周恩来 to Anastas Ivanovich Mikoyan")
    assert (["周恩来"], ["Anastas Ivanovich Mikoyan"]) == ([p.name for p in t.senders],
                                                       [p.name for p in t.recipients])
    t = parse_title("Letter from 김일성 to Stalin (via Shtykov)")
    assert (["김일성"], ["Stalin"], ["Shtykov"]) == ([p.name for p in t.senders],
                                                  [p.name for p in t.recipients], [p.name for p in t.via])


def test_native_labels_resolve(authority) -> None:
    """Native-script labels of the authority table resolve to their person."""
    got = {n: authority.resolve(n).key for n in ("周恩来", "毛澤東", "김일성", "Сталин", "Comrade 周恩来")}
    assert {"周恩来": "zhou-enlai", "毛澤東": "mao-zedong", "김일성": "kim-il-sung", "Сталин": "stalin",
            "Comrade 周恩来": "zhou-enlai"} == got


def test_unknown_native_names_stay_apart(authority) -> None:
    """Two unknown names with no Latin letters get two stable keys, never one shared node."""
    a, b = authority.resolve("刘少奇甲"), authority.resolve("高岗乙")
    assert (False, False) == (a.known, b.known)
    assert a.key != b.key
    assert a.key == authority.resolve("刘少奇甲").key
    assert a.key.startswith("name-") and "刘少奇甲" == a.pref_label
