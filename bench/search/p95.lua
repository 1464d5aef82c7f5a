-- wrk: print what run.sh reads (requests per second, latency percentiles in microseconds)
done = function(summary, latency, requests)
  io.write(string.format("RESULT rps=%.2f p50_us=%d p95_us=%d p99_us=%d requests=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(95),
    latency:percentile(99), summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout))
end
