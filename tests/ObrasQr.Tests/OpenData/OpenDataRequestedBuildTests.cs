using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ObrasQr.OpenData;
using ObrasQr.Storage;

namespace ObrasQr.Tests.OpenData;

/// <summary>The office's acts ask for a build in the background (<see cref="OpenDataBuild.RequestBuild"/>): acts in a row
/// make one build, and an act made while a build runs gets one more after it.</summary>
public sealed class OpenDataRequestedBuildTests
{
    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task Acts_made_while_a_build_runs_make_one_more_build_after_it_not_one_each(StoreKind store)
    {
        await using var factory = new Held(store);
        factory.Settings["ObrasQr:SeedDemoData"] = "false"; // no import at start, whose build would count
        var build = factory.Service<OpenDataBuild>();
        await build.EnsureBuiltAsync();

        factory.Manifest.Hold();
        build.RequestBuild();
        await factory.Manifest.Reached; // that build runs, held before it writes its manifest
        build.RequestBuild();
        build.RequestBuild();
        build.RequestBuild();
        factory.Manifest.Release();
        await build.RequestedBuildsAsync();

        Assert.Equal(2, factory.Manifest.Written);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_store_without_published_works_is_built_a_csv_with_only_its_header_and_no_package(StoreKind store)
    {
        await using var factory = new ObrasQrFactory(store);
        factory.Settings["ObrasQr:SeedDemoData"] = "false"; // as a new installation, or a city that withdrew its every work
        var client = factory.CreateClient();

        var csv = await client.GetAsync("/api/contracts.csv");

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Single((await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/oc4ids.json")).StatusCode);
    }

    /// <summary>The test server with its file store wrapped so a test can hold a build where it writes its manifest
    /// (only a build writes it) and count the builds that finished.</summary>
    sealed class Held(StoreKind store) : ObrasQrFactory(store)
    {
        public ManifestGate Manifest { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                var inner = services.Last(d => d.ServiceType == typeof(IFileStore));
                services.Remove(inner);
                services.AddSingleton<IFileStore>(sp => new GatedFiles(
                    (IFileStore)(inner.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, inner.ImplementationType!)), Manifest));
            });
        }
    }

    sealed class ManifestGate
    {
        TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        TaskCompletionSource? released;
        int written;

        public Task Reached => reached.Task;
        public int Written => Volatile.Read(ref written);

        /// <summary>From now on, builds are counted and the next one waits before its manifest until <see cref="Release"/>.</summary>
        public void Hold()
        {
            written = 0;
            reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
            released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public void Release() => released?.TrySetResult();

        public async Task PassAsync()
        {
            reached.TrySetResult();
            if (released is not null) await released.Task;
            Interlocked.Increment(ref written);
        }
    }

    sealed class GatedFiles(IFileStore inner, ManifestGate gate) : IFileStore
    {
        public async Task SaveAsync(string path, Stream content, CancellationToken ct = default)
        {
            if (path == OpenDataFiles.ManifestPath) await gate.PassAsync();
            await inner.SaveAsync(path, content, ct);
        }

        public Task<Stream?> OpenReadAsync(string path, CancellationToken ct = default) => inner.OpenReadAsync(path, ct);
        public Task DeleteAsync(string path, CancellationToken ct = default) => inner.DeleteAsync(path, ct);
        public Task<StoredFile?> OpenServedAsync(string path, CancellationToken ct = default) => inner.OpenServedAsync(path, ct);
        public IAsyncEnumerable<ListedFile> ListAsync(string folder, CancellationToken ct = default) => inner.ListAsync(folder, ct);
    }
}
