// jemalloc's options for Causeway's programs (causeway, causeway-sandbox, the benchmarks): the
// `malloc_conf` string jemalloc reads at start-up. MALLOC_CONF in the environment still overrides
// it.
//
// thp:always: jemalloc asks for transparent huge pages (madvise(MADV_HUGEPAGE)) on the memory it
// maps, so that a large state or plan faults its heap in 2 MB at a time instead of 4 KB. Page
// faults were 40 % of loading a 100k-resource state (BM_StateLoad 262 -> 156 ms, BM_StateSave
// 221 -> 189 ms, bench/RESULTS.md). Where the kernel's THP mode is "never" this does nothing.
extern "C" {
extern const char* malloc_conf;
const char* malloc_conf = "thp:always";
}
