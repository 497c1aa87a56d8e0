# Scale plot of benchmarks/run: indexing time, index size and p50 query
# latency (all classes) against corpus size, Dossier and its peers.
#   gnuplot -e "infile='scale.tsv'; outfile='scale.png'" benchmarks/plot.gnuplot
# scale.tsv columns: articles, dossier_t1_s, dossier_t2_s, fts5_s, xapian_s,
# omindex_s, dossier_mb, fts5_mb, xapian_mb, omindex_mb, dossier_p50_ms,
# fts5_p50_ms, xapian_p50_ms, omindex_p50_ms (NaN when a peer did not run).
set terminal pngcairo size 1500,480 font ",10"
set output outfile
set datafile separator "\t"
set key top left
set grid
set xlabel "articles"
set multiplot layout 1,3

set title "Indexing time (wall)"
set ylabel "seconds"
plot infile using 1:2 skip 1 with linespoints title "Dossier, 1 thread", \
     ""     using 1:3 skip 1 with linespoints title "Dossier, 2 threads", \
     ""     using 1:4 skip 1 with linespoints title "SQLite FTS5", \
     ""     using 1:5 skip 1 with linespoints title "plain Xapian", \
     ""     using 1:6 skip 1 with linespoints title "omindex"

set title "Index size"
set ylabel "MB"
plot infile using 1:7 skip 1 with linespoints title "Dossier", \
     ""     using 1:8 skip 1 with linespoints title "SQLite FTS5", \
     ""     using 1:9 skip 1 with linespoints title "plain Xapian", \
     ""     using 1:10 skip 1 with linespoints title "omindex"

set title "Query latency, p50 over all classes"
set ylabel "ms"
plot infile using 1:11 skip 1 with linespoints title "Dossier (snippets, facets)", \
     ""     using 1:12 skip 1 with linespoints title "SQLite FTS5 (snippet)", \
     ""     using 1:13 skip 1 with linespoints title "plain Xapian (no snippets)", \
     ""     using 1:14 skip 1 with linespoints title "omindex + Enquire (no snippets)"
unset multiplot
