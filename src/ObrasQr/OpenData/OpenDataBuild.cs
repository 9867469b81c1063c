using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ObrasQr.Contracts;
using ObrasQr.Qr;
using ObrasQr.Storage;

namespace ObrasQr.OpenData;

/// <summary>
/// Builds the open-data files once (the OC4IDS package, the works CSV with each separator, the billboards zip), for
/// the whole store and for each entity, into the file store under <see cref="OpenDataFiles.Root"/>; the routes only
/// stream them. It runs after an import or sync that changed a work (<see cref="Sync.SyncJob"/>), after the office
/// withdraws, publishes again or registers a work (<see cref="RequestBuild"/>), at start when nothing
/// is built, each Colombian midnight (days left and overdue move with the date), and once for the first request that
/// finds nothing built. Addresses come from the configured PublicBaseUrl (a file is built for every visitor, so never
/// from a request's Host), else <see cref="PublicUrls.Fallback"/>.
/// </summary>
public sealed class OpenDataBuild(IContractStore contracts, IFileStore files, PublicUrls urls, IOptionsMonitor<ObrasQrOptions> options,
    TimeProvider clock, ILogger<OpenDataBuild> log)
{
    const int Page = 200;
    /// <summary>Histories read at once: enough to hide the store's latency, few enough to leave the store to requests.</summary>
    const int Parallel = 8;

    readonly SemaphoreSlim oneAtATime = new(1, 1);
    readonly Lock gate = new();
    Task? firstBuild;
    // A requested build not started yet: acts until it starts are all in it.
    bool requestWaiting;
    Task requested = Task.CompletedTask;

    /// <summary>Builds every file now (after a build already running). Files whose bytes did not change are not
    /// written again, so their ETag stays and clients keep getting 304.</summary>
    public async Task BuildNowAsync(CancellationToken ct = default)
    {
        await oneAtATime.WaitAsync(ct);
        try { await BuildLockedAsync(ct); }
        finally { oneAtATime.Release(); }
    }

    /// <summary>Asks for a build in the background after an act of the office that changes what the files list (a
    /// withdrawal, a republication, a work registered on the desk), and returns at once. Coalesced: acts in a row before
    /// the requested build starts make that one build; an act during it asks for one more after it.</summary>
    public void RequestBuild()
    {
        lock (gate)
        {
            if (requestWaiting) return;
            requestWaiting = true;
            requested = Background.Start(RunRequestedAsync); // not counted as the requesting act's storage operations
        }
    }

    /// <summary>Completes when every build requested so far (<see cref="RequestBuild"/>) has finished, failed ones included.</summary>
    public Task RequestedBuildsAsync()
    {
        lock (gate) return requested;
    }

    async Task RunRequestedAsync()
    {
        await oneAtATime.WaitAsync();
        try
        {
            lock (gate) requestWaiting = false; // from here on, an act needs a build after this one
            await BuildLockedAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            log.LogError(e, "Building the open data after an act of the office failed; the previous files are still served");
        }
        finally { oneAtATime.Release(); }
    }

    /// <summary>Builds once when nothing was ever built; every caller meanwhile waits for that same build.</summary>
    public Task EnsureBuiltAsync(CancellationToken ct = default)
    {
        lock (gate)
        {
            firstBuild ??= BuildIfMissingAsync();
            return firstBuild.WaitAsync(ct);
        }
    }

    /// <summary>A second past the next midnight in Colombia, when "today" has surely turned.</summary>
    public static TimeSpan UntilNextColombianMidnight(DateTimeOffset now)
    {
        var local = now.ToOffset(ColombiaTime.Offset);
        return new DateTimeOffset(local.Date.AddDays(1), ColombiaTime.Offset) - now + TimeSpan.FromSeconds(1);
    }

    async Task BuildIfMissingAsync()
    {
        try
        {
            // Not the caller's token: one visitor leaving must not cancel the build the others wait for.
            if (await OpenDataFiles.ReadManifestAsync(files, CancellationToken.None) is null) await BuildNowAsync(CancellationToken.None);
        }
        finally
        {
            lock (gate) firstBuild = null;
        }
    }

    async Task BuildLockedAsync(CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        var today = ColombiaTime.Today(clock);
        var baseUrl = urls.ConfiguredBaseUrl();
        var works = await PublishedAsync(ct);
        var previous = await OpenDataFiles.ReadManifestAsync(files, ct);
        var built = new Dictionary<string, string>(StringComparer.Ordinal);
        var context = new ScopeContext(options.CurrentValue, baseUrl, today);

        await using (var national = await ScopeFiles.StartAsync(null, works, context))
        {
            // Works are grouped by entity: each history is read once and written to its entity's files and the national ones.
            foreach (var entity in works.Where(w => w.Nit is not null).GroupBy(w => w.Nit!).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var list = entity.ToList();
                await using var own = await ScopeFiles.StartAsync(entity.Key, list, context);
                await WriteWorksAsync(list, [own, national], context, ct);
                await PublishAsync(own, previous, built, ct);
            }
            await WriteWorksAsync(works.Where(w => w.Nit is null).ToList(), [national], context, ct);
            await PublishAsync(national, previous, built, ct);
        }

        // Files of an entity that has no published work any more are removed, so its routes answer 404.
        foreach (var gone in (previous?.Files.Keys ?? []).Except(built.Keys)) await files.DeleteAsync(gone, ct);
        await OpenDataFiles.WriteManifestAsync(files, new OpenDataManifest(started, built), ct);
        log.LogInformation("Open data built: {Works} works, {Files} files in {Seconds:0.0} s", works.Count, built.Count, (clock.GetUtcNow() - started).TotalSeconds);
    }

    /// <summary>Every published work's current version. A scan of the works: allowed here, in a background job only.</summary>
    async Task<List<Work>> PublishedAsync(CancellationToken ct)
    {
        var works = new List<Work>();
        string? after = null;
        while (true)
        {
            var page = await contracts.ListPublishedAsync(after, Page, ct);
            works.AddRange(page.Select(v => new Work(v, Oc4idsHandlers.Nit(v.Contract.EntityNit))));
            if (page.Count < Page) return works;
            after = page[^1].ContractId;
        }
    }

    /// <summary>Reads the works' histories, <see cref="Parallel"/> at a time, and writes them in order.</summary>
    async Task WriteWorksAsync(List<Work> works, ScopeFiles[] targets, ScopeContext context, CancellationToken ct)
    {
        var reading = new Queue<(Work Work, Task<IReadOnlyList<ContractVersion>> History)>();
        foreach (var work in works)
        {
            if (reading.Count == Parallel) await WriteOneAsync(reading.Dequeue());
            // A work at its first version has no other: its history is the version the list read (every work of a
            // first import), so only works that changed cost a read.
            reading.Enqueue((work, work.Current.Number == 1 ? Task.FromResult<IReadOnlyList<ContractVersion>>([work.Current])
                : contracts.HistoryAsync(work.Current.ContractId, ct)));
        }
        while (reading.Count > 0) await WriteOneAsync(reading.Dequeue());

        async Task WriteOneAsync((Work Work, Task<IReadOnlyList<ContractVersion>> History) next)
        {
            var history = await next.History;
            if (history.Count == 0) return;
            var entry = WorkEntry.Of(next.Work.Current, history, context);
            foreach (var target in targets) await target.WriteAsync(entry, ct);
        }
    }

    async Task PublishAsync(ScopeFiles scope, OpenDataManifest? previous, Dictionary<string, string> built, CancellationToken ct)
    {
        foreach (var (path, content) in await scope.FinishAsync(ct))
        {
            content.Position = 0;
            var hash = new XxHash128();
            await hash.AppendAsync(content, ct);
            var digest = Convert.ToHexStringLower(hash.GetCurrentHash());
            built[path] = digest;
            if (previous?.Files.GetValueOrDefault(path) == digest) continue;
            content.Position = 0;
            await files.SaveAsync(path, content, ct); // whole or not at all on both stores: a reader never sees half a file
        }
    }

    sealed record Work(ContractVersion Current, string? Nit);

    sealed record ScopeContext(ObrasQrOptions Options, string BaseUrl, DateOnly Today)
    {
        public string Prefix { get; } = string.IsNullOrWhiteSpace(Options.OpenData.ProjectPrefix)
            ? OpenDataOptions.UnregisteredPrefix : Options.OpenData.ProjectPrefix.Trim();
    }

    /// <summary>What one work puts in each file, made once for all the files it goes to.</summary>
    sealed record WorkEntry(string Folder, ReadOnlyMemory<byte> Project, ContractsCsv.Row Row, byte[] Panel, byte[] Qr)
    {
        public static WorkEntry Of(ContractVersion current, IReadOnlyList<ContractVersion> history, ScopeContext context)
        {
            var id = current.ContractId;
            var project = new MemoryStream();
            using (var w = new Utf8JsonWriter(project, new JsonWriterOptions { Encoder = JsonOut.Encoder }))
                Oc4idsProject.Write(w, context.Prefix, context.BaseUrl, history, context.Today);
            var row = new ContractsCsv.Row(ContractFacts.Of(history, context.Today), $"{context.BaseUrl}/o/{Uri.EscapeDataString(id)}", history[^1].SyncedAt);
            var qrUrl = PublicUrls.QrUrl(context.BaseUrl, id);
            var panel = Encoding.UTF8.GetBytes(BillboardPanel.Svg(qrUrl, PublicUrls.DisplayUrl(context.BaseUrl, id), id, current.Contract.EntityName));
            return new(BillboardHandlers.EntryFolder(id), project.GetBuffer().AsMemory(0, (int)project.Length), row, panel, QrCodes.Png(qrUrl, 1024));
        }
    }

    /// <summary>The four files of one scope (the whole store, or one entity), written to temporary files first.</summary>
    sealed class ScopeFiles : IAsyncDisposable
    {
        readonly string? nit;
        readonly int works;
        readonly Stream oc4ids = Temporary(), semicolonCsv = Temporary(), commaCsv = Temporary(), zipFile = Temporary();
        Utf8JsonWriter json = null!;
        ContractsCsv.Writer semicolon = null!, comma = null!;
        ZipArchive zip = null!;

        ScopeFiles(string? nit, int works) => (this.nit, this.works) = (nit, works);

        public static async Task<ScopeFiles> StartAsync(string? nit, IReadOnlyCollection<Work> works, ScopeContext context)
        {
            var scope = new ScopeFiles(nit, works.Count);
            scope.json = new Utf8JsonWriter(scope.oc4ids, new JsonWriterOptions { Encoder = JsonOut.Encoder });
            // Without works the package is not published (FinishAsync), but it is written: any date that converts to Colombian time.
            Oc4idsPackage.WriteStart(scope.json, context.Options, context.BaseUrl, nit,
                works.Select(w => w.Current.SyncedAt).DefaultIfEmpty(DateTimeOffset.UnixEpoch).Max());
            scope.semicolon = await ContractsCsv.Writer.StartAsync(scope.semicolonCsv, semicolon: true);
            scope.comma = await ContractsCsv.Writer.StartAsync(scope.commaCsv, semicolon: false);
            scope.zip = new ZipArchive(scope.zipFile, ZipArchiveMode.Create, leaveOpen: true);
            return scope;
        }

        public async Task WriteAsync(WorkEntry entry, CancellationToken ct)
        {
            json.WriteRawValue(entry.Project.Span, skipInputValidation: true);
            if (json.BytesPending > 1 << 16) await json.FlushAsync(ct);
            await semicolon.WriteAsync(entry.Row);
            await comma.WriteAsync(entry.Row);
            Add($"{entry.Folder}/valla.svg", entry.Panel, CompressionLevel.Optimal);
            // A PNG is already deflated: compressing it again cost the build's CPU and saved nothing.
            Add($"{entry.Folder}/qr.png", entry.Qr, CompressionLevel.NoCompression);
        }

        void Add(string name, byte[] bytes, CompressionLevel level)
        {
            using var entry = zip.CreateEntry(name, level).Open();
            entry.Write(bytes);
        }

        /// <summary>Closes the files and gives each with its path; a store without works has no OC4IDS package (404, as before).</summary>
        public async Task<List<(string Path, Stream Content)>> FinishAsync(CancellationToken ct)
        {
            Oc4idsPackage.WriteEnd(json);
            await json.FlushAsync(ct);
            await semicolon.DisposeAsync();
            await comma.DisposeAsync();
            zip.Dispose();
            List<(string, Stream)> done = [(OpenDataFiles.Csv(nit, semicolon: true), semicolonCsv), (OpenDataFiles.Csv(nit, semicolon: false), commaCsv),
                (OpenDataFiles.Billboards(nit), zipFile)];
            if (works > 0) done.Add((OpenDataFiles.Oc4ids(nit), oc4ids));
            return done;
        }

        public async ValueTask DisposeAsync()
        {
            await json.DisposeAsync();
            foreach (var stream in new[] { oc4ids, semicolonCsv, commaCsv, zipFile }) await stream.DisposeAsync();
        }

        static FileStream Temporary() => new(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
    }
}
