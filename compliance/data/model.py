"""The declared organisational data: what a kommun says about itself, as pydantic models.

Field names are Swedish because they are the vocabulary of the people who write the data
files and the rules. The models are the single source of truth: the YAML loader validates
against them, `compliance schema` prints their JSON Schema, and the rule checker derives the
attribute types a rule may use from them.

Conventions:
- A collection that is absent (`None`) has not been declared: rules that need it report
  *underlag saknas*. An empty list is a declaration that there are none.
- An optional field that is `None` is unknown, except where its description says what
  absence means (e.g. `Synpunkt.besvarad`: not yet answered).
- Fields marked with `Ref(...)` hold the id of an entity in another collection; the loader
  checks that it exists and the rule language navigates through it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as _date
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from compliance.periods import Period


@dataclass(frozen=True)
class Ref:
    """Marks a field as holding the id of an entity in `collection`."""

    collection: str


class Model(BaseModel):
    # Unknown keys are errors (a misspelt field must never be silently dropped) and the
    # loaded data is read-only: evaluation must not be able to change what it judges.
    # Validators are built when first used, not on import: building them all costs more than
    # a whole check of the Haninge example, and data read back from the cache
    # (`data_cache`) needs none.
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True
    )


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date_only(value: object) -> object:
    # Pydantic's lax mode reads `0` as 1970-01-01 and accepts timestamps; a hand-edited data
    # file must say a date as a date, so anything but YYYY-MM-DD text is refused here.
    if isinstance(value, _date) or (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        return value
    # Raised as pydantic's own error type so the loader words it like any other bad date.
    raise PydanticCustomError("date_parsing", "Input should be a valid date")


def _real_number(value: object) -> object:
    # `yes` is a YAML boolean and `"3"` is text; neither may become a number silently.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError("float_type", "Input should be a valid number")
    return value


date = Annotated[_date, BeforeValidator(_iso_date_only)]
Number = Annotated[float, BeforeValidator(_real_number)]
Id = Annotated[str, Field(min_length=1, description="Stable identifier, unique in its collection")]
Text = Annotated[str, Field(min_length=1)]
Regi = Literal["egen_regi", "privat"]


class Kommun(Model):
    """The municipality the data describes."""

    id: Id
    namn: Text
    kommunkod: str | None = Field(None, description="SCB:s fyrsiffriga kommunkod, t.ex. 0136")
    invånare: int | None = Field(None, ge=0)


class Nämnd(Model):
    """A political board (including kommunstyrelsen) responsible for an area."""

    id: Id
    namn: Text
    typ: Literal[
        "kommunstyrelse",
        "facknämnd",
        "stadsdelsnämnd",
        "gemensam_nämnd",
        "valnämnd",
        "överförmyndarnämnd",
        "revision",
    ] = "facknämnd"
    lagstiftning: list[Literal["SoL", "HSL", "LSS", "skollagen", "PBL", "miljöbalken"]] = Field(
        default_factory=list,
        description="Speciallagar nämnden bedriver verksamhet enligt (styr t.ex. krav på "
        "avvikelsehantering).",
    )
    inrättad: date | None = None
    upphörd: date | None = None


class Förvaltning(Model):
    """The administration serving a nämnd."""

    id: Id
    namn: Text
    nämnd: Annotated[str, Ref("nämnder")]
    inrättad: date | None = None
    upphörd: date | None = None


class Uppföljning(Model):
    """A recorded follow-up (of a provider, a policy, a guarantee)."""

    datum: date
    av: str | None = Field(None, description="Vem som följde upp: en nämnds id eller ett organ")
    typ: str | None = None
    diarienummer: str | None = None


class Avtal(Model):
    """A contract with a provider."""

    id: str | None = None
    giltigt_från: date
    giltigt_till: date | None = None
    kvalitetskrav: bool | None = Field(
        None, description="Reglerar avtalet kvalitet (krav och uppföljning)?"
    )
    insyn: bool | None = Field(
        None, description="Tillförsäkrar avtalet information för allmänhetens insyn (KL 10:9)?"
    )


class Utförare(Model):
    """A provider of a municipal service: in egen regi or a private provider."""

    id: Id
    namn: Text
    regi: Regi
    nämnd: Annotated[str, Ref("nämnder")]
    verksamhet: str | None = None
    organisationsnummer: str | None = None
    avtal: list[Avtal] | None = None
    uppföljningar: list[Uppföljning] | None = Field(
        None, description="Utan angivelse är uppföljningen inte redovisad (underlag saknas)."
    )


class Enhet(Model):
    """A unit: a school, a care home, a library."""

    id: Id
    namn: Text
    förvaltning: Annotated[str, Ref("förvaltningar")]
    verksamhet: str | None = None
    regi: Regi = "egen_regi"
    utförare: Annotated[str, Ref("utförare")] | None = None


class Styrdokument(Model):
    """A governing document: policy, programme, riktlinje, rutin, plan."""

    id: Id
    titel: Text
    typ: Literal[
        "policy",
        "program",
        "riktlinje",
        "rutin",
        "plan",
        "mål_och_budget",
        "reglemente",
        "internkontrollplan",
    ]
    ämne: str | None = Field(None, description="Vad dokumentet gäller, t.ex. `privata utförare`")
    nämnd: Annotated[str, Ref("nämnder")] | None = Field(
        None,
        description="Nämnden dokumentet gäller, för en nämnds egen plan (t.ex. internkontroll)",
    )
    period: Period | None = Field(None, description="Året eller perioden en plan avser")
    status: Literal["gällande", "förslag", "upphävd"] = "gällande"
    antagen_av: str | None = Field(
        None, description="`kommunfullmäktige`, `kommundirektören` eller en nämnds id"
    )
    antagen: date | None = None
    gäller_från: date | None = None
    gäller_till: date | None = None
    diarienummer: str | None = None
    uppföljningar: list[Uppföljning] | None = None


class Tjänstegaranti(Model):
    """A published service promise to residents (also kvalitetsgaranti, servicedeklaration)."""

    id: Id
    nämnd: Annotated[str, Ref("nämnder")]
    titel: Text
    löfte: str | None = None
    enhet: Annotated[str, Ref("enheter")] | None = None
    mål: Annotated[str, Ref("mål")] | None = Field(
        None, description="Målet i mål- och styrkedjan som garantin kopplas till"
    )
    verksamhet: str | None = Field(
        None, description="Verksamheten garantin gäller, t.ex. `förskola`"
    )
    status: Literal["gällande", "upphörd"] = "gällande"
    publicerad: date | None = None
    reviderad: date | None = Field(None, description="Senaste revidering")
    uppföljningar: list[Uppföljning] | None = Field(
        None, description="Uppföljningar av att löftet hålls; utan angivelse: inte redovisat"
    )


class Överlämnande(Model):
    """To whom a report was handed over, and when."""

    till: Text = Field(
        description="Mottagande organ: en nämnds id, `kommunfullmäktige` eller `revisorerna`"
    )
    datum: date | None = Field(None, description="Utan datum är tidpunkten okänd")
    paragraf: str | None = None


RapportInnehåll = Literal[
    "synpunkter",
    "måluppfyllelse",
    "ekonomi",
    "internkontroll",
    "tjänstegarantier",
    "privata_utförare",
]


class Rapport(Model):
    """A report: årsberättelse, delårsrapport, årsredovisning …"""

    id: Id
    typ: Literal[
        "årsberättelse",
        "verksamhetsberättelse",
        "delårsrapport",
        "tertialrapport",
        "årsredovisning",
        "verksamhetsplan",
        "kvalitetsberättelse",
        "patientsäkerhetsberättelse",
        "avvikelseuppföljning",
        "budgetuppföljning",
        "internkontrolluppföljning",
    ]
    period: Period
    förvaltning: Annotated[str, Ref("förvaltningar")] | None = None
    nämnd: Annotated[str, Ref("nämnder")] | None = None
    upprättad: date | None = None
    överlämnad: list[Överlämnande] | None = Field(
        None, description="Utan angivelse är det okänt om och när rapporten lämnats över"
    )
    innehåll: list[RapportInnehåll] | None = Field(
        None, description="Vad rapporten redovisar; utan angivelse är innehållet okänt"
    )
    diarienummer: str | None = None


class Mål(Model):
    """A goal at any level of the goal chain, with its stated assessment."""

    id: Id
    text: Text
    nivå: Literal["kf", "nämnd", "förvaltning", "enhet"]
    typ: Literal["inriktningsmål", "nämndmål", "strategi", "åtagande", "verksamhetsmål"] | None = (
        None
    )
    nummer: str | None = Field(None, description="Målets nummer i källan, t.ex. `3.3`")
    nämnd: Annotated[str, Ref("nämnder")] | None = None
    förvaltning: Annotated[str, Ref("förvaltningar")] | None = None
    enhet: Annotated[str, Ref("enheter")] | None = None
    överordnat: Annotated[str, Ref("mål")] | None = None
    period: Period | None = None
    förväntat_resultat: str | None = None
    bedömning: Literal["uppfylls_helt", "uppfylls_delvis", "uppfylls_ej", "ej_bedömt"] | None = None
    rapport: Annotated[str, Ref("rapporter")] | None = Field(
        None, description="Rapporten där bedömningen redovisas"
    )


class Indikator(Model):
    """A key figure with target, outcome and forecast."""

    id: Id
    namn: Text
    mål: Annotated[str, Ref("mål")] | None = None
    nämnd: Annotated[str, Ref("nämnder")] | None = None
    måttenhet: str | None = Field(None, description="t.ex. `%`, `dagar`, `antal`")
    riktning: Literal["högre_är_bättre", "lägre_är_bättre"] = "högre_är_bättre"
    omfattning: Literal["nämnd", "kommun"] = Field(
        "nämnd", description="`kommun`: målvärdet gäller hela kommunen, inte nämnden ensam"
    )
    period: Period | None = None
    målvärde: Number | None = Field(None, description="Årsmålet")
    utfall: Number | None = Field(None, description="Periodens utfall")
    prognos: Number | None = Field(None, description="Prognos för helåret")
    föregående_utfall: Number | None = Field(
        None, description="Utfallet för samma period föregående år"
    )
    kf_målvärde: Number | None = Field(
        None, description="Kommunfullmäktiges årsmål för indikatorn, om ett annat än nämndens"
    )
    kf_målvärde_omfattning: Literal["nämnd", "kommun"] = Field(
        "kommun",
        description="`kommun`: fullmäktiges målvärde gäller hela kommunen (t.ex. 6 700 "
        "sommarjobb i hela staden), inte nämnden ensam",
    )
    bedömt_uppnås: bool | None = Field(
        None,
        description="Rapportens egen bedömning i text av om årsmålet nås, där den inte "
        "framgår av en prognos",
    )


class Synpunkt(Model):
    """Feedback or a complaint from a resident."""

    id: Id
    nämnd: Annotated[str, Ref("nämnder")]
    enhet: Annotated[str, Ref("enheter")] | None = None
    kategori: Literal["synpunkt", "klagomål", "förslag", "beröm", "fråga"] = "synpunkt"
    inkommen: date
    besvarad: date | None = Field(None, description="Tom när synpunkten ännu inte besvarats")
    tjänstegaranti: Annotated[str, Ref("tjänstegarantier")] | None = Field(
        None, description="Garantin synpunkten gäller, om den gäller en tjänstegaranti"
    )
    åtgärd: str | None = Field(None, description="Vidtagen åtgärd, om någon")
    återkoppling: date | None = Field(
        None, description="När den som lämnade synpunkten fick återkoppling om åtgärden"
    )


class Möte(Model):
    """A recorded meeting, e.g. kundcenter's monthly meeting with a förvaltning."""

    id: Id
    typ: Literal["kundcenter", "ledningsdialog", "medborgardialog", "samverkan", "övrigt"]
    datum: date
    förvaltning: Annotated[str, Ref("förvaltningar")] | None = None
    nämnd: Annotated[str, Ref("nämnder")] | None = None
    ämne: str | None = None
    rapport: Annotated[str, Ref("rapporter")] | None = Field(
        None,
        description="Rapporten mötet behandlade, t.ex. en tertialrapport i förvaltningsgruppen",
    )


class Beslut(Model):
    """A recorded decision by kommunfullmäktige or a nämnd."""

    id: Id
    organ: Text = Field(description="Beslutande organ: `kommunfullmäktige` eller en nämnds id")
    ämne: Literal["ansvarsfrihet", "årsredovisning", "delårsrapport", "budget", "övrigt"]
    datum: date
    avser_år: int | None = Field(None, description="Det verksamhetsår beslutet gäller")
    nämnd: Annotated[str, Ref("nämnder")] | None = Field(
        None, description="Nämnden beslutet gäller, t.ex. vid ansvarsfrihet"
    )
    bifall: bool | None = Field(None, description="Beviljades det som prövades?")
    paragraf: str | None = None
    diarienummer: str | None = None


class Utvärdering(Model):
    """A scored evaluation (e.g. Kommunkompassen), or one printed column of its results.

    A report that prints the same scores in several tables is recorded as one entry per
    table, linked through `sammanställning`, so that the tables can be compared.
    """

    id: Id
    modell: Text = Field(description="Utvärderingsmodellen, t.ex. `Kommunkompassen`")
    utvärderad: Text = Field(description="Kommunen eller stadsdelen som utvärderades")
    nämnd: Annotated[str, Ref("nämnder")] | None = None
    år: int
    skala: Literal["ny", "äldre"] | None = Field(None, description="Poängskalan")
    tabell: str | None = Field(None, description="Var i rapporten poängen redovisas")
    redovisad_total: Number | None = Field(None, description="Totalpoängen som rapporten anger")
    median_total: Number | None = Field(
        None, description="Medianen av totalpoängen för alla utvärderingar, som rapporten anger"
    )
    sammanställning: Annotated[str, Ref("utvärderingar")] | None = Field(
        None, description="Den detaljerade poängsammanställning denna tabell sammanfattar"
    )
    återger: Annotated[str, Ref("utvärderingar")] | None = Field(
        None,
        description="En annan tabell i rapporten vars poäng denna tabell upprepar oförändrade "
        "(samma enhet, år och skala), t.ex. en jämförelsetabells kolumn för den utvärderade",
    )
    redovisad_total_med_median: Number | None = Field(
        None,
        description="Totalsumman som rapporten anger när medianvärdet lagts till för områden "
        "som inte poängsatts (för jämförelse med utvärderingar av alla områden)",
    )


class Bedömningsfråga(Model):
    """One question of an evaluation area, with its maximum and achieved score."""

    nummer: Text
    text: Text
    maxpoäng: Number
    poäng: Number | None = Field(None, description="Uppnådd poäng; tom när ingen poäng redovisas")
    redovisad_procent: Number | None = Field(None, description="Andelen av maxpoängen, i procent")


class Utvärderingsområde(Model):
    """One area of a scored evaluation: its questions and the total the report states."""

    id: Id
    utvärdering: Annotated[str, Ref("utvärderingar")]
    nummer: int
    namn: Text
    maxpoäng: Number | None = None
    poängsatt: bool = Field(True, description="`false`: området bedöms inte för denna enhet")
    redovisad_poäng: Number | None = Field(None, description="Områdets poäng som rapporten anger")
    redovisad_procent: Number | None = None
    median: Number | None = Field(None, description="Medianen för området i alla utvärderingar")
    frågor: list[Bedömningsfråga] | None = None


def _file_name_alone(value: object) -> object:
    # `synpunkter: synpunkter.csv` is the short form of `synpunkter: {fil: synpunkter.csv}`.
    return {"fil": value} if isinstance(value, str) else value


class Tabell(Model):
    """A collection's entries read from a CSV or Excel file instead of written in YAML."""

    fil: Text = Field(description="Filen (.csv, .txt eller .xlsx), relativt datafilen")
    kodning: Literal["utf-8", "cp1252"] | None = Field(
        None, description="Teckenkodning; utan angivelse avgörs den ur filen"
    )
    avgränsare: Literal[";", ",", "\t", "|"] | None = Field(
        None, description="Fältavgränsare i CSV; utan angivelse avgörs den ur rubrikraden"
    )
    decimaltecken: Literal[",", "."] | None = Field(
        None, description="Decimaltecken i talkolumner; utan angivelse avgörs det ur värdena"
    )
    blad: str | None = Field(None, description="Bladet i en Excelfil; utan angivelse det första")


TabellAngivelse = Annotated[Tabell, BeforeValidator(_file_name_alone)]


class Tabeller(Model):
    """Collections whose entries are read from tables, by collection name."""

    nämnder: TabellAngivelse | None = None
    förvaltningar: TabellAngivelse | None = None
    enheter: TabellAngivelse | None = None
    utförare: TabellAngivelse | None = None
    styrdokument: TabellAngivelse | None = None
    tjänstegarantier: TabellAngivelse | None = None
    rapporter: TabellAngivelse | None = None
    mål: TabellAngivelse | None = None
    indikatorer: TabellAngivelse | None = None
    synpunkter: TabellAngivelse | None = None
    möten: TabellAngivelse | None = None
    beslut: TabellAngivelse | None = None
    utvärderingar: TabellAngivelse | None = None
    utvärderingsområden: TabellAngivelse | None = None


class Organisation(Model):
    """One data file's content; several files are merged into one organisation."""

    kommun: Kommun | None = None
    nämnder: list[Nämnd] | None = None
    förvaltningar: list[Förvaltning] | None = None
    enheter: list[Enhet] | None = None
    utförare: list[Utförare] | None = None
    styrdokument: list[Styrdokument] | None = None
    tjänstegarantier: list[Tjänstegaranti] | None = None
    rapporter: list[Rapport] | None = None
    mål: list[Mål] | None = None
    indikatorer: list[Indikator] | None = None
    synpunkter: list[Synpunkt] | None = None
    möten: list[Möte] | None = None
    beslut: list[Beslut] | None = None
    utvärderingar: list[Utvärdering] | None = None
    utvärderingsområden: list[Utvärderingsområde] | None = None
    tabeller: Tabeller | None = Field(
        None, description="Samlingar vars poster läses från CSV- eller Excelfiler"
    )


# The singular name of each collection's entities: how findings name their subject.
ENTITY_KINDS: dict[str, str] = {
    "nämnder": "nämnd",
    "förvaltningar": "förvaltning",
    "enheter": "enhet",
    "utförare": "utförare",
    "styrdokument": "styrdokument",
    "tjänstegarantier": "tjänstegaranti",
    "rapporter": "rapport",
    "mål": "mål",
    "indikatorer": "indikator",
    "synpunkter": "synpunkt",
    "möten": "möte",
    "beslut": "beslut",
    "utvärderingar": "utvärdering",
    "utvärderingsområden": "utvärderingsområde",
}

# Organs a report may be handed to besides the nämnder themselves.
ORGANS: tuple[str, ...] = ("kommunfullmäktige", "revisorerna")
