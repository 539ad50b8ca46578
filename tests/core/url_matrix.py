from tests.url_matrix import Row
from tests.world import ROLE_NAMES

ALL_200 = dict.fromkeys(ROLE_NAMES, 200)
LOGIN_ONLY = {**dict.fromkeys(ALL_200, 200), "anonymous": 302}

MATRIX = {
    "core:home": Row(expect=ALL_200),
    "core:programma": Row(expect=ALL_200),
    "core:territorio": Row(expect=ALL_200),
    "core:accessibilita": Row(expect=ALL_200),
    "core:privacy": Row(expect=ALL_200),
    "core:cookie": Row(expect=ALL_200),
    "core:note_legali": Row(expect=ALL_200),
    "core:area_riservata": Row(expect=LOGIN_ONLY),
}
