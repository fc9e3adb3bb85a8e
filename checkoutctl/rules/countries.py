"""ISO 3166-1 alpha-2 country codes and EU VAT prefixes, for any provider that takes a country.

Bakeronline addresses carry `country: "BE"` (seed 002) and Crayon's PurchaseRequestOrder carries
`CountryCode` (seed 003, seeds/README). Both take the two-letter code, so one list serves both.

ALPHA2 is the 249 officially assigned codes (ISO/TC 46 N1108, 2023-04-05; the same set as tzdata's
iso3166.tab). Reserved codes (UK, EU, EL, XK, …) are not country codes and are refused.
"""

from __future__ import annotations

from checkoutctl.rules.fields import Format

ALPHA2: frozenset[str] = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS
    BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE
    EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM
    HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC
    LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA
    NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
    SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO
    TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
    """.split()
)

# VAT numbers carry the member state's prefix, which is the alpha-2 code except Greece (EL, not GR);
# XI is Northern Ireland under the Windsor Framework (VIES lists it beside the 27 member states).
EU_VAT_PREFIXES: frozenset[str] = frozenset(
    "AT BE BG CY CZ DE DK EE EL ES FI FR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK XI".split()
)


def _alpha2(value: str) -> str | None:
    if value in ALPHA2:
        return None
    if value.upper() in ALPHA2:
        return f"must be an ISO 3166-1 alpha-2 country code in capitals: {value.upper()}"
    if len(value) == 3 and value.isalpha():
        return "must be an ISO 3166-1 alpha-2 country code (two letters, like BE), not an alpha-3 code"
    return "must be an ISO 3166-1 alpha-2 country code, like BE or NL"


COUNTRY_ALPHA2 = Format("country", _alpha2, {"enum": sorted(ALPHA2)})
