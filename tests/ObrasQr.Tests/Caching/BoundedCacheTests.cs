using System.Reflection;
using Microsoft.Extensions.Options;
using ObrasQr.Caching;
using ObrasQr.Contracts;
using ObrasQr.Pages;

namespace ObrasQr.Tests.Caching;

public sealed class BoundedCacheTests
{
    static BoundedCache<byte[]> Cache(long capacity) => new(capacity, b => b.Length);

    [Fact]
    public void Over_its_bytes_it_drops_the_least_recently_used_first()
    {
        var cache = Cache(30);
        cache.Set("a", new byte[10]);
        cache.Set("b", new byte[10]);
        cache.Set("c", new byte[10]);
        Assert.True(cache.TryGet("a", out _)); // now b is the least recently used

        cache.Set("d", new byte[10]);

        Assert.False(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("a", out _));
        Assert.True(cache.TryGet("c", out _));
        Assert.True(cache.TryGet("d", out _));
        Assert.Equal(30, cache.Bytes);
    }

    [Fact]
    public void A_large_value_drops_as_many_as_it_needs_and_one_larger_than_the_cache_is_not_kept()
    {
        var cache = Cache(30);
        cache.Set("a", new byte[10]);
        cache.Set("b", new byte[10]);
        cache.Set("c", new byte[10]);

        cache.Set("big", new byte[25]);
        Assert.Equal(["big"], new[] { "a", "b", "c", "big" }.Where(k => cache.TryGet(k, out _)));
        Assert.Equal(25, cache.Bytes);

        cache.Set("huge", new byte[31]);
        Assert.False(cache.TryGet("huge", out _));
        Assert.True(cache.TryGet("big", out _));
    }

    [Fact]
    public void Replacing_and_removing_a_value_counts_its_bytes_once()
    {
        var cache = Cache(100);
        cache.Set("a", new byte[10]);
        cache.Set("a", new byte[40]);
        Assert.Equal(40, cache.Bytes);

        cache.Remove("a");

        Assert.Equal(0, cache.Bytes);
        Assert.False(cache.TryGet("a", out _));
    }

    [Fact]
    public async Task Many_requests_that_miss_together_cause_one_load()
    {
        var cache = Cache(1000);
        var gate = new TaskCompletionSource<byte[]?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var loads = 0;

        var waiting = Enumerable.Range(0, 50)
            .Select(_ => cache.GetOrLoadAsync("page", () => { Interlocked.Increment(ref loads); return gate.Task; }, CancellationToken.None))
            .ToList();
        gate.SetResult(new byte[10]);
        var pages = await Task.WhenAll(waiting);

        Assert.Equal(1, loads);
        Assert.All(pages, p => Assert.Same(pages[0], p));
        Assert.True(cache.TryGet("page", out _));
    }

    [Fact]
    public async Task A_failed_load_is_forgotten_and_the_next_request_loads_again()
    {
        var cache = Cache(1000);
        await Assert.ThrowsAsync<IOException>(() => cache.GetOrLoadAsync("page", () => Task.FromException<byte[]?>(new IOException()), CancellationToken.None));

        var page = await cache.GetOrLoadAsync("page", () => Task.FromResult<byte[]?>(new byte[3]), CancellationToken.None);

        Assert.Equal(3, page!.Length);
    }

    [Fact]
    public async Task Contract_pages_missed_together_read_the_store_once()
    {
        var contracts = DispatchProxy.Create<IContractStore, GatedContracts>();
        var store = (GatedContracts)(object)contracts;
        // A contract the store does not have: the page cache asks the store and renders nothing, so no renderer is needed.
        var pages = new ContractPageCache(contracts, null!, null!, null!, DispatchProxy.Create<ObrasQr.Pages.IPageStamps, NoStamps>(), null!,
            TimeProvider.System, Options.Create(new ObrasQrOptions()));

        var views = Enumerable.Range(0, 20).Select(_ => pages.FindAsync("CO1.PCCNTR.1", "https://obras.example", CancellationToken.None)).ToList();
        store.Gate.SetResult(null);
        var found = await Task.WhenAll(views);

        Assert.Equal(1, store.Finds);
        Assert.All(found, Assert.Null);
    }

    /// <summary>A contract store whose RecentAsync (the page's first read of the contract) waits until the test opens
    /// the gate, and counts its calls.</summary>
    public class GatedContracts : DispatchProxy
    {
        public TaskCompletionSource<RecentHistory?> Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Finds;

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            if (method?.Name != nameof(IContractStore.RecentAsync)) throw new NotSupportedException(method?.Name);
            Interlocked.Increment(ref Finds);
            return Gate.Task;
        }
    }

    /// <summary>Page stamps of a store that keeps none.</summary>
    public class NoStamps : DispatchProxy
    {
        protected override object? Invoke(MethodInfo? method, object?[]? args) => Task.FromResult<string?>(null);
    }
}
