using Orleans.DynamicDb.Benchmarks.Harness;

namespace Orleans.DynamicDb.Benchmarks.Tests.Harness;

public sealed class PrometheusTextTests
{
    private const string Scrape = """
        # HELP dotnet_gc_last_collection_heap_size_bytes The managed GC heap size (including fragmentation), as observed during the latest garbage collection.
        # TYPE dotnet_gc_last_collection_heap_size_bytes gauge
        dotnet_gc_last_collection_heap_size_bytes{otel_scope_name="System.Runtime",gc_heap_generation="gen0"} 1000 1733400000000
        dotnet_gc_last_collection_heap_size_bytes{otel_scope_name="System.Runtime",gc_heap_generation="gen1"} 2.5e3 1733400000000
        dotnet_gc_last_collection_heap_size_bytes_extra 7
        # TYPE dyndb_pgwire_connections_open gauge
        dyndb_pgwire_connections_open{otel_scope_name="Orleans.DynamicDb.PgWire",note="a b"} 10000 1733400000000
        """;

    [Fact]
    public void Samples_of_every_label_set_are_summed_and_longer_names_are_not_counted()
    {
        Assert.Equal(3500, PrometheusText.Sum(Scrape, "dotnet_gc_last_collection_heap_size_bytes"));
    }

    [Fact]
    public void A_value_after_labels_with_spaces_is_read()
    {
        Assert.Equal(10000, PrometheusText.Sum(Scrape, "dyndb_pgwire_connections_open"));
    }

    [Fact]
    public void An_absent_series_has_no_value()
    {
        Assert.Null(PrometheusText.Sum(Scrape, "dyndb_pgwire_connections_total"));
    }
}
