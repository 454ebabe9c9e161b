"""Server CPU time per request against idle connections, one line per server, from http-load.csv.

usage: plot_http_load.py http-load.csv out.png "machine line"
"""
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the headless backend)


def main(csv_path, png_path, machine):
    series = {}
    with open(csv_path, newline="") as f:
        for row in csv.DictReader(f):
            series.setdefault(row["server"], []).append((int(row["idle"]), float(row["cpu_us_per_request"])))
    idles = sorted({idle for points in series.values() for idle, _ in points})
    where = {idle: i for i, idle in enumerate(idles)}  # evenly spaced: 0, 1 000, 10 000 read better than on a log axis
    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=120)
    for server, points in series.items():
        ax.plot([where[i] for i, _ in points], [cost for _, cost in points], marker="o", label=server)
    ax.set_xticks(range(len(idles)), [f"{i:,}".replace(",", " ") for i in idles])
    ax.set_xlabel("idle keep-alive connections (besides wrk's 50 busy ones)")
    ax.set_ylabel("server CPU time per request (µs)")
    ax.set_ylim(bottom=0)
    ax.set_title("HTTP keep-alive \"Hello, world!\", one server thread on one core", fontsize=10)
    ax.grid(True, alpha=0.3)
    ax.legend()
    fig.text(0.01, 0.01, machine, fontsize=7, color="gray")
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    fig.savefig(png_path)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
