"""The numbers the emulator offers to claim: fake E.164 numbers, the same for every account,
from which a number's country and type can be told again (ClaimPhoneNumber takes only the
number, and DescribePhoneNumber shows both).

A number is ``+{calling code}{national number}``. Its national number says its kind: five
digits a short code, a leading 8 a toll-free kind (TOLL_FREE, THIRD_PARTY_TF, UIFN), any other
a local kind (DID, THIRD_PARTY_DID, SHARED). Which type of its kind, and which of the countries
that share its calling code (+1: the United States, Canada and the Caribbean), is the national
number modulo their product: so every number of the sequence an offer walks has the country
and type searched for, and a ``PhoneNumberPrefix`` only narrows the sequence.
"""

from __future__ import annotations

from typing import NamedTuple

# E.164 country calling codes of the model's PhoneNumberCountryCode values; where countries
# share a code, the one it is best known for comes first.
_CALLING_CODES = """
1 US CA AG AI AS BB BM BS DM DO GD GU JM KN KY LC MP MS PR SX TC TT VC VG VI
7 RU KZ; 20 EG; 27 ZA; 30 GR; 31 NL; 32 BE; 33 FR; 34 ES; 36 HU; 39 IT VA; 40 RO; 41 CH
43 AT; 44 GB GG IM JE; 45 DK; 46 SE; 47 NO SJ; 48 PL; 49 DE; 51 PE; 52 MX; 53 CU; 54 AR
55 BR; 56 CL; 57 CO; 58 VE; 60 MY; 61 AU CC CX; 62 ID; 63 PH; 64 NZ PN; 65 SG; 66 TH; 81 JP
82 KR; 84 VN; 86 CN; 90 TR; 91 IN; 92 PK; 93 AF; 94 LK; 95 MM; 98 IR; 212 MA EH; 213 DZ
216 TN; 218 LY; 220 GM; 221 SN; 222 MR; 223 ML; 224 GN; 225 CI; 226 BF; 227 NE; 228 TG
229 BJ; 230 MU; 231 LR; 232 SL; 233 GH; 234 NG; 235 TD; 236 CF; 237 CM; 238 CV; 239 ST
240 GQ; 241 GA; 242 CG; 243 CD; 244 AO; 245 GW; 246 IO; 248 SC; 249 SD; 250 RW; 251 ET
252 SO; 253 DJ; 254 KE; 255 TZ; 256 UG; 257 BI; 258 MZ; 260 ZM; 261 MG; 262 RE YT; 263 ZW
264 NA; 265 MW; 266 LS; 267 BW; 268 SZ; 269 KM; 290 SH; 291 ER; 297 AW; 298 FO; 299 GL
350 GI; 351 PT; 352 LU; 353 IE; 354 IS; 355 AL; 356 MT; 357 CY; 358 FI; 359 BG; 370 LT
371 LV; 372 EE; 373 MD; 374 AM; 375 BY; 376 AD; 377 MC; 378 SM; 380 UA; 381 RS; 382 ME
385 HR; 386 SI; 387 BA; 389 MK; 420 CZ; 421 SK; 423 LI; 500 FK; 501 BZ; 502 GT; 503 SV
504 HN; 505 NI; 506 CR; 507 PA; 508 PM; 509 HT; 590 BL MF; 591 BO; 592 GY; 593 EC; 595 PY
597 SR; 598 UY; 599 CW AN; 670 TL; 672 AQ; 673 BN; 674 NR; 675 PG; 676 TO; 677 SB; 678 VU
679 FJ; 680 PW; 681 WF; 682 CK; 683 NU; 685 WS; 686 KI; 687 NC; 688 TV; 689 PF; 690 TK
691 FM; 692 MH; 850 KP; 852 HK; 853 MO; 855 KH; 856 LA; 880 BD; 886 TW; 960 MV; 961 LB
962 JO; 963 SY; 964 IQ; 965 KW; 966 SA; 967 YE; 968 OM; 971 AE; 972 IL; 973 BH; 974 QA
975 BT; 976 MN; 977 NP; 992 TJ; 993 TM; 994 AZ; 995 GE; 996 KG; 998 UZ
"""


def _parse(table: str) -> dict[str, tuple[str, ...]]:
    groups = (group.split() for group in table.replace("\n", ";").split(";"))
    return {group[0]: tuple(group[1:]) for group in groups if group}


COUNTRIES_BY_CODE = _parse(_CALLING_CODES)
CODE_OF = {country: code for code, group in COUNTRIES_BY_CODE.items() for country in group}

SHORT_KIND = ("SHORT_CODE",)
TOLL_FREE_KIND = ("TOLL_FREE", "THIRD_PARTY_TF", "UIFN")
LOCAL_KIND = ("DID", "THIRD_PARTY_DID", "SHARED")
_KIND_OF = {kind: types for types in (SHORT_KIND, TOLL_FREE_KIND, LOCAL_KIND) for kind in types}
SHORT_DIGITS = 5
# Where a kind's numbers start when no prefix says otherwise (+1 800... for toll-free).
_START = {SHORT_KIND: "2", TOLL_FREE_KIND: "800", LOCAL_KIND: "2"}


def _national_digits(code: str, kind: tuple[str, ...]) -> int:
    # A calling code and national number make 11 or 12 digits (E.164 allows 15).
    if kind is SHORT_KIND:
        return SHORT_DIGITS
    return 10 if len(code) <= 2 else 9


def _kind_of_national(national: str) -> tuple[str, ...]:
    if len(national) <= SHORT_DIGITS + 1:
        return SHORT_KIND
    return TOLL_FREE_KIND if national[0] == "8" else LOCAL_KIND


def describe_number(number: str) -> tuple[str, str] | None:
    """The country and type of ``number``; None when it is no E.164 number of a known code."""
    digits = number[1:]
    if not number.startswith("+") or not (digits.isascii() and digits.isdigit()):
        return None
    code = next((digits[:size] for size in (1, 2, 3) if digits[:size] in COUNTRIES_BY_CODE), None)
    if code is None or len(digits) == len(code):
        return None
    national = digits[len(code) :]
    kind = _kind_of_national(national)
    countries = COUNTRIES_BY_CODE[code]
    slot = int(national) % (len(countries) * len(kind))
    return countries[slot % len(countries)], kind[slot // len(countries)]


class Offer(NamedTuple):
    """The numbers of one country and type that start with one prefix, in order."""

    code: str
    national_digits: int
    values: range

    def number(self, index: int) -> str:
        return f"+{self.code}{str(self.values[index]).zfill(self.national_digits)}"

    def holds(self, number: str) -> bool:
        national = number[1 + len(self.code) :]
        return (
            number.startswith(f"+{self.code}")
            and len(national) == self.national_digits
            and national.isdigit()
            and int(national) in self.values
        )


def offer(country: str, number_type: str, prefix: str | None) -> Offer | None:
    """What SearchAvailablePhoneNumbers walks for a country, a type and a ``+``-prefix; None
    when no number of theirs can start with the prefix (+44 for US numbers, +1206 toll-free)."""
    code = CODE_OF[country]
    kind = _KIND_OF[number_type]
    digits = _national_digits(code, kind)
    national = ""
    if prefix:
        wanted = prefix.removeprefix("+")
        if wanted.startswith(code):
            national = wanted[len(code) :]
        elif not code.startswith(wanted):
            return None
    if len(national) > digits or (
        national and _kind_of_national(national.ljust(digits, "0")) != kind
    ):
        return None
    start = _START[kind] if _START[kind].startswith(national) else national
    low, high = int(start.ljust(digits, "0")), int(start.ljust(digits, "9"))
    countries = COUNTRIES_BY_CODE[code]
    modulus = len(countries) * len(kind)
    slot = kind.index(number_type) * len(countries) + countries.index(country)
    return Offer(code, digits, range(low + (slot - low) % modulus, high + 1, modulus))
