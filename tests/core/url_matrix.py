from tests.url_matrix import Row

ALL_200 = {r: 200 for r in
           ["anonymous", "partner_a", "partner_b", "staff_zone", "staff", "council", "agency", "admin"]}
LOGIN_ONLY = {**{r: 200 for r in ALL_200}, "anonymous": 302}

MATRIX = {
    "core:home": Row(expect=ALL_200),
    "core:programma": Row(expect=ALL_200),
    "core:territorio": Row(expect=ALL_200),
    "core:accessibilita": Row(expect=ALL_200),
    "core:privacy": Row(expect=ALL_200),
    "core:note_legali": Row(expect=ALL_200),
    "core:area_riservata": Row(expect=LOGIN_ONLY),
}
