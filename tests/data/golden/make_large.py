#!/usr/bin/env python3
"""Generates the large-1mb golden vector's supplier.json (about 1 MB, minified) and its
drop_by_hand.json (the trips it deliberately breaks, with the client-api.md reason).
Deterministic: a fixed linear congruential generator, no dependency on Python's random module.
Then: node derive_expected.mjs large-1mb   (expected.json, trip_ids.json, dropped.json)."""
import json
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "large-1mb")
state = 20261201


def rnd(n):
    global state
    state = (state * 6364136223846793005 + 1442695040888963407) % (1 << 64)
    return (state >> 33) % n


OFFSETS = ["+07:00", "+05:30", "-03:00", "Z", "+08:00", "+00:00", "+09:45", "-11:30"]
OFFSET_MIN = {"+07:00": 420, "+05:30": 330, "-03:00": -180, "Z": 0, "+08:00": 480,
              "+00:00": 0, "+09:45": 585, "-11:30": -690}
DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


def stamp(utc_min, frac):
    """A local timestamp for an instant given in minutes from 2026-11-30T00:00Z."""
    off = OFFSETS[rnd(len(OFFSETS))]
    local = utc_min + OFFSET_MIN[off]
    y, mo, d = 2026, 11, 30
    day, rest = divmod(local, 1440)
    d += day
    while d > DAYS[mo - 1]:
        d -= DAYS[mo - 1]
        mo += 1
        if mo > 12:
            mo, y = 1, y + 1
    while d < 1:
        mo -= 1
        if mo < 1:
            mo, y = 12, y - 1
        d += DAYS[mo - 1]
    h, mi = divmod(rest, 60)
    return f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{rnd(60):02d}{frac}{off}"


def main():
    stations = {str(100 + i): {"name": f"Station {i} \u2708 \"{i}\"", "city_id": i % 7,
                               "lat": 13.0 + i / 100, "lng": 100.0 + i / 100} for i in range(60)}
    operators = {str(i): {"name": f"Operator {i} é", "rating": 4.0} for i in range(1, 21)}
    classes = {str(i): {"name": f"Class {i}"} for i in range(1, 9)}
    amen = ["wifi", "ac", "toilet", "usb", "meal", "snacks", "blanket"]
    trips, drops = [], []
    i = 0
    while len(json.dumps(trips, separators=(",", ":"))) < 960_000:
        t0 = 1440 + rnd(1440)
        segs = []
        for _ in range(1 + rnd(4)):
            dur = 20 + rnd(600)
            frac = ["", ".5", ".123456", ".000001"][rnd(4)]
            s = {"from_id": 100 + rnd(60), "to_id": 100 + rnd(60),
                 "departs_at": stamp(t0, frac), "arrives_at": stamp(t0 + dur, ""),
                 "operator_id": 1 + rnd(20), "class_id": 1 + rnd(8),
                 "vehicle": ["bus", "train", "ferry", "van", "avia"][rnd(5)]}
            if rnd(3):
                s["amenities"] = [amen[rnd(7)] for _ in range(rnd(4))]
            segs.append(s)
            t0 += dur + rnd(120)
        trip = {"id": f"L{rnd(1000):03d}-{i}", "segments": segs,
                "price": {"amount_minor": [85000, 85001, 1, 0, 17500][rnd(5)] if rnd(4) == 0
                          else rnd(500000), "currency": "THB"},
                "seats_left": rnd(31), "bookable": rnd(10) != 0, "rating": 4.2,
                "tags": ["instant"]}
        defect = rnd(40)
        if defect == 0:
            trip["segments"][0]["class_id"] = 999
            drops.append({"index": i, "reason": "class 999 missing from classes"})
        elif defect == 1:
            trip["price"]["currency"] = "USD"
            drops.append({"index": i, "reason": "price.currency differs from fx.base"})
        elif defect == 2:
            trip["segments"][-1]["arrives_at"] = trip["segments"][-1]["arrives_at"][:16] + "+07:00"
            drops.append({"index": i, "reason": "timestamp without seconds"})
        trips.append(trip)
        i += 1
    doc = {"search_id": "s_large", "trips": trips, "stations": stations, "operators": operators,
           "classes": classes,
           "fx": {"base": "THB", "rates": {"THB": "1", "USD": "0.028571", "EUR": "0.026310"}}}
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "supplier.json"), "w") as f:
        json.dump(doc, f, separators=(",", ":"), ensure_ascii=False)
    with open(os.path.join(OUT, "drop_by_hand.json"), "w") as f:
        json.dump(drops, f, indent=1)
    request = {"client": {"id": "globex", "currency": "EUR", "currencies": ["EUR", "USD"],
                          "markup": {"percent_bps": 725, "fixed": {"EUR": 99}}},
               "query": {"from": "101", "to": "117", "date": "2026-12-01", "pax": "3",
                         "sort": "duration", "limit": "200"}}
    with open(os.path.join(OUT, "request.json"), "w") as f:
        json.dump(request, f, indent=1)


if __name__ == "__main__":
    main()
