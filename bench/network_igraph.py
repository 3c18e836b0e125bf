"""igraph baseline for bench/network.bench.ts (run with /usr/bin/python3, which has Debian's python3-igraph).

Usage: network_igraph.py EDGES_FILE N OUT_DIR
Reads a binary little-endian int32 edge list (u0 v0 u1 v1 ...), times igraph's components, PageRank,
eigenvector centrality and Louvain (community_multilevel) on it, writes the scores for an accuracy
comparison, and prints one JSON object on stdout.
"""
import array
import json
import sys
import time

import igraph


def main() -> None:
    edges_file, n, out_dir = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    flat = array.array("i")
    with open(edges_file, "rb") as f:
        flat.frombytes(f.read())
    pairs = list(zip(flat[0::2], flat[1::2]))
    g = igraph.Graph(n=n, edges=pairs, directed=False)
    out = {"n": g.vcount(), "m": g.ecount()}

    t = time.perf_counter()
    comps = g.connected_components()
    out["components_s"] = time.perf_counter() - t
    out["components"] = len(comps)

    t = time.perf_counter()
    pr = g.pagerank()
    out["pagerank_s"] = time.perf_counter() - t

    t = time.perf_counter()
    ev = g.eigenvector_centrality(scale=True)
    out["eigenvector_s"] = time.perf_counter() - t

    t = time.perf_counter()
    comm = g.community_multilevel()
    out["louvain_s"] = time.perf_counter() - t
    out["louvain_communities"] = len(comm)
    out["louvain_modularity"] = comm.modularity

    t = time.perf_counter()
    g.degree()
    out["degree_s"] = time.perf_counter() - t

    array.array("d", pr).tofile(open(f"{out_dir}/igraph_pagerank.f64", "wb"))
    array.array("d", ev).tofile(open(f"{out_dir}/igraph_eigenvector.f64", "wb"))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
