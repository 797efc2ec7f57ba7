"""Hand-built networks in the shape of ``kg.network.layers.build_network``, for the writers'
tests (so they do not depend on the store or on how the layers are computed)."""

from __future__ import annotations

import networkx as nx

ID = "https://w3id.org/cwkg/id/"
WD = "http://www.wikidata.org/entity/"
KIM, SHTYKOV, STALIN = f"{ID}person/kim-il-sung", f"{ID}person/shtykov", f"{ID}person/stalin"
MOLOTOV, MAO = f"{ID}person/molotov", f"{ID}person/mao-zedong"
MFA = f"{ID}org/ussr-foreign-ministry"
TELEGRAM, LETTER = f"{ID}message/wilson-112696", f"{ID}message/wilson-112696-letter"
REPLY, CABLE = f"{ID}message/wilson-1", f"{ID}message/wilson-2"


def sample_graph() -> nx.MultiDiGraph:
    """Six agents, four messages, all four layers, full/partial/missing dates, a parallel
    edge and a name with an ampersand and quotes (escaping)."""
    g = nx.MultiDiGraph(layers=("authorial", "transmission", "circulation", "office"),
                        start=None, end=None)
    people = [(KIM, "Kim Il Sung", "Q423"), (SHTYKOV, "Terentii Shtykov", "Q15180"),
              (STALIN, "Joseph Stalin", "Q15180"), (MOLOTOV, "Vyacheslav Molotov", "Q15180"),
              (MAO, 'Mao Zedong "Chairman" & Co', "Q148")]
    for iri, label, country in people:
        g.add_node(iri, label=label, kind="person", country=WD + country, iri=iri)
    g.add_node(MFA, label="USSR Foreign Ministry", kind="organization", country=WD + "Q15180",
               iri=MFA)

    def edge(layer, message, a, b, date, kind, title, weight=1, via=""):
        g.add_edge(a, b, key=f"{layer}:{message}", layer=layer, message=message, date=date,
                   kind=kind, weight=weight, via=via, title=title)

    edge("authorial", TELEGRAM, SHTYKOV, STALIN, "1950-10-09", "CipheredTelegram",
         "Telegram from Kim Il Sung to Stalin (via Shitykov)")
    edge("authorial", LETTER, KIM, STALIN, "1950-10-09", "Letter", "")
    edge("transmission", LETTER, KIM, SHTYKOV, "1950-10-09", "Letter", "", via=SHTYKOV)
    edge("circulation", TELEGRAM, SHTYKOV, MOLOTOV, "1950-10-09", "CipheredTelegram",
         "Telegram from Kim Il Sung to Stalin (via Shitykov)", weight=2)
    edge("authorial", REPLY, STALIN, MAO, "1950-10", "Telegram", "Stalin to Mao, October 1950")
    edge("authorial", CABLE, MAO, STALIN, "1951", "Telegram", "Mao to Stalin <reply>")
    edge("office", CABLE, MFA, MOLOTOV, "", "Telegram", "")
    return g
