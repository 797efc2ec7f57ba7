"""``kg serve``'s linked-data pages over a real socket: dereferenceable IRIs by content
negotiation, the person, message and archive pages, VoID/DCAT, the query page, 404s, and
Chromium rendering them (external)."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from chromium import run_chromium as chromium_on
from lxml import html as lhtml
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, RDFS, SKOS, VOID
from test_server import SETTINGS_UNDER_TEST, LiveServer, store_dir  # noqa: F401 - fixture

from kg.iris import Minter
from kg.pipeline import stats
from kg.publish.void import DUMPS, dataset_iri
from kg.server import create_app, get
from kg.store import Store

BASE = Minter().base
STALIN = f"{BASE}id/person/stalin"
MESSAGE = f"{BASE}id/message/wilson-112696"
APRF = f"{BASE}id/archive/aprf"
DUMP_BASE = "https://example.org/releases/1.0/"
RDF_TYPES = {"text/turtle": "turtle", "application/ld+json": "json-ld",
             "application/n-triples": "nt"}
LABELS = (SKOS.prefLabel, RDFS.label, URIRef("http://purl.org/dc/terms/title"))


@pytest.fixture(scope="module")
def live(store_dir: Path) -> Iterator[LiveServer]:  # noqa: F811 - the imported fixture
    """The app over the sample store, with release files linked."""
    settings = {**SETTINGS_UNDER_TEST, "dump_base_url": DUMP_BASE}
    with LiveServer(create_app(store_dir, settings)) as server:
        yield server


@pytest.fixture(scope="module")
def http(live: LiveServer) -> Iterator[httpx.Client]:
    """An HTTP client pointed at the live server."""
    with httpx.Client(base_url=live.url, timeout=60) as client:
        yield client


def path_of(iri: str) -> str:
    return "/" + iri[len(BASE):]


def expected_description(store_dir: Path, iri: str) -> Graph:  # noqa: F811
    """The description by its definition, read with rdflib: the resource's triples in the
    asserted graphs, plus the labels of the IRIs it links to."""
    left_out = {str(Minter().graph(n)) for n in ("inferred", "validation", "measures")}
    with Store(store_dir, read_only=True) as store:
        data = store.merged([g for g in store.graphs()
                             if g not in left_out and not g.endswith("-provenance")])
    out = Graph()
    for p, o in data.predicate_objects(URIRef(iri)):
        out.add((URIRef(iri), p, o))
        if isinstance(o, URIRef):
            for label in LABELS:
                for value in data.objects(o, label):
                    out.add((o, label, value))
    return out


def page(http: httpx.Client, path: str) -> lhtml.HtmlElement:
    response = http.get(path, headers={"accept": "text/html"})
    assert 200 == response.status_code, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return lhtml.fromstring(response.text)


def text_of(node: lhtml.HtmlElement) -> str:
    return " ".join(node.text_content().split())


# --- content negotiation ---------------------------------------------------------------------
@pytest.mark.parametrize("iri", [STALIN, MESSAGE, APRF])
@pytest.mark.parametrize("media_type", list(RDF_TYPES))
def test_rdf_answer_is_the_description(http: httpx.Client, store_dir: Path, iri: str,  # noqa: F811
                                       media_type: str) -> None:
    """Turtle, JSON-LD and N-Triples of a person, a message and an archive parse to the
    resource's triples in the asserted graphs plus the labels of what it links to."""
    response = http.get(path_of(iri), headers={"accept": media_type})
    assert 200 == response.status_code
    assert response.headers["content-type"].startswith(media_type)
    assert "Accept" in response.headers["vary"]
    fmt = RDF_TYPES[media_type]
    assert response.headers["content-location"].endswith(
        "?format=" + {"turtle": "ttl", "json-ld": "jsonld", "nt": "nt"}[fmt])
    got = Graph().parse(data=response.content, format=fmt)
    expected = expected_description(store_dir, iri)
    assert len(expected) > 3
    assert set(expected) == set(got)


def test_browsers_get_html_and_links_to_the_other_formats(http: httpx.Client) -> None:
    """A browser's Accept gets the HTML page; Link names the RDF alternates, which resolve."""
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = http.get(path_of(STALIN), headers={"accept": accept})
    assert response.headers["content-type"].startswith("text/html")
    links = re.findall(r'<([^>]+)>; rel="alternate"; type="([^"]+)"', response.headers["link"])
    assert {"text/turtle", "application/ld+json", "application/n-triples"} == {t for _, t in links}
    for target, media_type in links:
        alternate = http.get(target)
        assert 200 == alternate.status_code
        assert alternate.headers["content-type"].startswith(media_type)


def test_no_accept_gets_turtle_and_unacceptable_gets_406(http: httpx.Client) -> None:
    """*/* or no Accept: Turtle; an Accept the resource cannot meet: 406."""
    assert http.get(path_of(STALIN), headers={"accept": "*/*"}).headers["content-type"].startswith("text/turtle")
    assert 406 == http.get(path_of(STALIN), headers={"accept": "image/png"}).status_code


def test_unknown_iri_is_404_with_a_helpful_page(http: httpx.Client) -> None:
    """An IRI no graph mentions: 404, an HTML page naming it and pointing to the query page;
    404 in RDF formats too."""
    response = http.get("/id/person/nobody-at-all", headers={"accept": "text/html"})
    assert 404 == response.status_code
    assert f"{BASE}id/person/nobody-at-all" in response.text
    assert 'href="/query' in response.text
    assert 404 == http.get("/id/person/nobody-at-all", headers={"accept": "text/turtle"}).status_code
    assert 404 == http.get("/no/such/page", headers={"accept": "text/html"}).status_code


# --- the pages -------------------------------------------------------------------------------
def test_person_page_shows_who_wrote_and_the_relay(http: httpx.Client) -> None:
    """Stalin's page: Kim Il Sung wrote to him, relayed by Shtykov; every link on the page
    to another resource resolves."""
    doc = page(http, path_of(STALIN))
    rows = doc.xpath('//table[contains(@class, "received")]/tbody/tr')
    by_sender = {text_of(r.xpath('td[@class="other"]')[0]): r for r in rows}
    assert "Kim Il Sung" in by_sender
    kim = by_sender["Kim Il Sung"]
    assert ["/id/person/kim-il-sung"] == kim.xpath('td[@class="other"]/a/@href')
    assert "/id/person/shtykov" in kim.xpath('td[@class="relay"]/a/@href')
    assert "1950-10-09" == text_of(kim.xpath('td[@class="date"]')[0])
    links = {h for h in doc.xpath("//main//a/@href") if h.startswith("/id/")}
    assert {"/id/person/kim-il-sung", "/id/person/shtykov", "/id/message/wilson-112696"} <= links
    for link in sorted(links):
        assert 200 == http.get(link, headers={"accept": "text/html"}).status_code, link


def test_message_page_shows_citation_cipher_and_quotes(http: httpx.Client) -> None:
    """msg:wilson-112696: the cipher number, the APRF citation (fond 45, opis 1, delo 347),
    a quote with its line, links to the archive and to the source."""
    doc = page(http, path_of(MESSAGE))
    text = text_of(doc)
    assert "600382/sh" in text
    locations = [text_of(td) for td in doc.xpath('//table[@class="copies"]//td[@class="location"]')]
    assert "fond 45, opis 1, delo 347, listy 72-73" in locations
    assert "/id/archive/aprf" in doc.xpath('//table[@class="copies"]//a/@href')
    assert "https://wilson-center.drivingcreative.com/document/112696" in doc.xpath("//a/@href")
    cipher_row = [r for r in doc.xpath('//table[@class="props"]//tr') if "600382/sh" in text_of(r)][0]
    assert "line 23" in text_of(cipher_row)
    assert "600382/sh" == text_of(cipher_row.xpath(".//q")[0])


def test_archive_page_lists_holdings_by_fond_opis_delo(http: httpx.Client) -> None:
    """APRF's page groups its copies: fond 45, opis 1, delo 347 holds the telegram."""
    doc = page(http, path_of(APRF))
    groups = [text_of(h) for h in doc.xpath('//h3[@class="group"]')]
    assert "fond 3, opis 65, delo 828" in groups
    assert "fond 45, opis 1, delo 347" in groups
    assert groups.index("fond 3, opis 65, delo 828") < groups.index("fond 45, opis 1, delo 347")
    table = doc.xpath('//h3[.="fond 45, opis 1, delo 347"]/following-sibling::table[1]')[0]
    assert "/id/message/wilson-112696" in table.xpath(".//a/@href")


@pytest.mark.parametrize("path", ["/id/copy/wilson-112696-f6eb6413f6", "/id/place/pyongyang",
                                  "/id/graph/wilson-112696"])
def test_other_kinds_get_a_generic_page(http: httpx.Client, path: str) -> None:
    """A copy, a place, a graph: a page of statements and inbound links."""
    doc = page(http, path)
    assert doc.xpath('//table[@class="props"]')
    assert "Linked from" in text_of(doc)


def test_text_is_escaped(http: httpx.Client) -> None:
    """A query passed to the query page comes back escaped, not as markup."""
    response = http.get("/query", params={"query": "</textarea><script>alert(1)</script>"})
    assert "<script>alert(1)" not in response.text
    assert "&lt;/textarea&gt;&lt;script&gt;" in response.text


# --- VoID and DCAT ---------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/.well-known/void", "/dataset"])
def test_void_counts_and_endpoint(http: httpx.Client, live: LiveServer, store_dir: Path,  # noqa: F811
                                  path: str) -> None:
    """VoID parses; void:triples is the asserted count of kg stats; void:sparqlEndpoint is the
    served /sparql URL; a distribution per release file under dump_base_url."""
    response = http.get(path)
    assert response.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=response.content, format="turtle")
    ds = dataset_iri(Minter())
    with Store(store_dir, read_only=True) as store:
        assert stats(store)["triples asserted"] == int(g.value(ds, VOID.triples))
    assert URIRef(f"{live.url}/sparql") == g.value(ds, VOID.sparqlEndpoint)
    downloads = {g.value(d, DCAT.downloadURL) for d in g.objects(ds, DCAT.distribution)}
    assert {URIRef(DUMP_BASE + name) for name, _, _ in DUMPS} == downloads
    jsonld = Graph().parse(data=http.get(path, headers={"accept": "application/ld+json"}).content,
                           format="json-ld")
    assert isomorphic(g, jsonld)


def test_dataset_page_in_html(http: httpx.Client) -> None:
    """The HTML view names the counts, the linksets and the downloads."""
    doc = page(http, "/dataset")
    text = text_of(doc)
    assert "triples" in text and "owl:sameAs" in text
    assert DUMP_BASE + "kg.trig" in doc.xpath("//a/@href")


def test_landing_and_query_pages(http: httpx.Client) -> None:
    """/ links the query page, the description and example resources; /query lists every
    shipped query with a button that carries its text."""
    home = page(http, "/")
    hrefs = home.xpath("//a/@href")
    assert {"/query", "/dataset"} <= set(hrefs)
    assert any(h.startswith("/id/") for h in hrefs)
    query = page(http, "/query")
    from kg.query.engine import QUERY_DIR

    names = {p.stem for p in QUERY_DIR.glob("*.rq")}
    assert names == set(query.xpath('//button[contains(@class, "example")]/@data-name'))
    wrote_to = query.xpath('//button[@data-name="wrote-to"]/@data-query')[0]
    assert (QUERY_DIR / "wrote-to.rq").read_text(encoding="utf-8") == wrote_to
    assert 200 == http.get("/static/query.js").status_code
    assert 200 == http.get("/static/style.css").status_code


def test_pages_load_nothing_from_elsewhere(http: httpx.Client) -> None:
    """No script or stylesheet from another origin on any page."""
    for path in ("/", "/query", "/dataset", path_of(STALIN), path_of(MESSAGE)):
        text = http.get(path, headers={"accept": "text/html"}).text
        assert [] == re.findall(r'<(?:script|link)[^>]+(?:src|href)="(?:https?:)?//', text), path


# --- in-process ------------------------------------------------------------------------------
def test_get_answers_the_pages_in_process(store_dir: Path) -> None:  # noqa: F811
    """kg.server.get answers a resource, the dataset description and a 404 without a socket."""
    status, headers, body = get(store_dir, path_of(STALIN), SETTINGS_UNDER_TEST, accept="text/turtle")
    assert 200 == status
    assert (URIRef(STALIN), SKOS.prefLabel, Literal("Joseph Stalin")) in Graph().parse(data=body, format="turtle")
    status, _, body = get(store_dir, "/.well-known/void", SETTINGS_UNDER_TEST)
    assert 200 == status
    assert URIRef("http://localhost/sparql") == Graph().parse(data=body, format="turtle").value(
        dataset_iri(Minter()), VOID.sparqlEndpoint)
    status, _, body = get(store_dir, "/id/message/none", SETTINGS_UNDER_TEST, accept="text/html")
    assert 404 == status
    status, _, body = get(store_dir, path_of(MESSAGE), SETTINGS_UNDER_TEST, accept="text/html")
    assert 200 == status and b"600382/sh" in body


# --- Chromium --------------------------------------------------------------------------------


def run_chromium(url: str, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Chromium with the longer virtual-time budget the server pages need."""
    return chromium_on(url, tmp_path, *extra, budget_ms=8000)


@pytest.mark.external
@pytest.mark.parametrize("path", [path_of(STALIN), path_of(MESSAGE), "/query", "/dataset"])
def test_chromium_renders_without_errors(live: LiveServer, tmp_path: Path, path: str) -> None:
    """Chromium renders the page (a screenshot of some size) with no uncaught console error."""
    shot = tmp_path / "page.png"
    result = run_chromium(live.url + path, tmp_path, "--window-size=1200,1400", f"--screenshot={shot}")
    assert 0 == result.returncode, result.stderr[-2000:]
    assert [] == [line for line in result.stderr.splitlines() if "Uncaught" in line]
    assert b"\x89PNG" == shot.read_bytes()[:4]
    assert shot.stat().st_size > 20_000  # a blank page is a few kB


@pytest.mark.external
def test_chromium_runs_an_example_query(live: LiveServer, tmp_path: Path) -> None:
    """/query?example=wrote-to runs the example with fetch(): the DOM gets a result table with
    Kim Il Sung and Shtykov writing to Stalin."""
    dom = run_chromium(f"{live.url}/query?example=wrote-to", tmp_path, "--dump-dom").stdout
    doc = lhtml.fromstring(dom)
    rows = doc.xpath('//table[@class="results"]/tbody/tr')
    names = {tuple(text_of(td) for td in row.xpath("td"))[1::2] for row in rows}
    assert {("Kim Il Sung", "Joseph Stalin"), ("Terentii Shtykov", "Joseph Stalin")} == names
    assert "2 rows" in text_of(doc.xpath('//*[@id="status"]')[0])
