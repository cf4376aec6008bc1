"""Where the names go on the 0-10 line, so that names of close scores do not overlap."""

LEFT, STEP, GAP = 40, 92, 190  # viewBox units: x of 0, distance per point, room per name


def name_of(score, spoken: bool) -> str:
    """The family's screens say "mama"; the consultant's screen says the name."""
    person = score.participant
    return person.spoken_name if spoken and not person.user_id else person.name


def layout(scores, spoken: bool = False) -> dict:
    """{"height", "labels": [(x, y, name)], "dots": [x]} for scores sorted by value."""
    placed: list[tuple[int, int]] = []  # (row, x)
    labels = []
    for entry in sorted(scores, key=lambda s: (s.score, name_of(s, spoken))):
        x = LEFT + entry.score * STEP
        row = 0
        while any(r == row and abs(x - other) < GAP for r, other in placed):
            row += 1
        placed.append((row, x))
        labels.append((x, row, name_of(entry, spoken)))
    rows = max((row for row, _ in placed), default=-1) + 1
    height = 70 + rows * 30
    return dict(height=height, dots=sorted({x for x, _, _ in labels}),
                labels=[(x, height - 58 - row * 30, name) for x, row, name in labels])
