using System.Diagnostics;
using System.Runtime;
using Microsoft.Data.Sqlite;
using nietras.SeparatedValues;
using ObrasQr.Bench;
using ObrasQr.Secop;
using ObrasQr.Server.Storage;

// dotnet run -c Release -- generate <rows> <file> | tokenise-csvhelper <file> | tokenise-sep <file> | parse <file>
//   | import <file> <db> [--row-level] | stages <file>
// Each phase is its own process, so the peak memory printed (and /usr/bin/time's max RSS) is that phase's alone.
var (command, rest) = (args.ElementAtOrDefault(0), args.Skip(1).ToArray());
var clock = Stopwatch.StartNew();
var warm = rest.Contains("--warm");
var cpuBefore = TimeSpan.Zero;
switch (command)
{
    case "generate":
        ExportGenerator.Write(rest[1], int.Parse(rest[0]));
        Report($"generate {rest[0]} rows: {new FileInfo(rest[1]).Length / 1e6:F1} MB");
        break;

    case "tokenise-csvhelper":
    {
        // The parsers' floor: every field of every row read as a string, nothing mapped (CsvHelper as SecopFile used it).
        long fields = 0;
        using var text = new StreamReader(rest[0], System.Text.Encoding.UTF8, true, 64 * 1024);
        using var parser = new CsvHelper.CsvParser(text, new CsvHelper.Configuration.CsvConfiguration(System.Globalization.CultureInfo.InvariantCulture)
        {
            BadDataFound = null, MissingFieldFound = null, DetectColumnCountChanges = false, IgnoreBlankLines = true,
        });
        while (await parser.ReadAsync())
            for (var i = 0; i < parser.Count; i++) { _ = parser[i]; fields++; }
        Report($"tokenise CsvHelper: {fields} fields");
        break;
    }

    case "tokenise-sep":
    {
        // The same with Sep as SecopFile uses it (unescaped, one string per field).
        long fields = 0;
        using var text = new StreamReader(rest[0], System.Text.Encoding.UTF8, true, 64 * 1024);
        using var reader = await Sep.Reader(o => o with { Sep = new Sep(','), HasHeader = false, DisableColCountCheck = true, Unescape = true })
            .FromAsync(text);
        while (await reader.MoveNextAsync())
        {
            var row = reader.Current;
            for (var i = 0; i < row.ColCount; i++) { _ = row[i].ToString(); fields++; }
        }
        Report($"tokenise Sep: {fields} fields");
        break;
    }

    case "scan":
    {
        // What an unchanged re-import reads of each row: SecopFile (cell-size pass, rows cut on their bytes, each row's
        // raw hash and id), without reading any row's cells.
        int rows = 0;
        await using var file = File.OpenRead(rest[0]);
        await foreach (var record in SecopFile.ReadAsync(file))
            if (record.NormalizedContractId is not null) rows++;
        Report($"scan: {rows} rows");
        break;
    }

    case "parse":
    {
        await WarmUpAsync(path => ParseAsync(path, false));
        var (rows, rejected) = await ParseAsync(rest[0], rest.Contains("--hash"));
        Report($"parse{Warmed()}: {rows} rows ({rejected} rejected)");
        break;
    }

    case "import":
    {
        await WarmUpAsync(async path => await ImportAsync(path, $"{path}.{Guid.NewGuid():N}.db", false)); // a fresh database each round
        var (result, store) = await ImportAsync(rest[0], rest[1], rest.Contains("--row-level"));
        var c = result.Counts;
        Report($"import{(rest.Contains("--row-level") ? " (row level)" : "")}{Warmed()}: new {c.New}, changed {c.Changed}, unchanged {c.Unchanged}, rejected {c.Rejected}, outdated {c.Outdated} {result.RejectionReason}| rows mapped {result.RowsMapped} | store: head reads {store.HeadCalls} calls {store.Heads.TotalSeconds:F2} s, writes {store.WriteCalls} calls {store.Writes.TotalSeconds:F2} s");
        SqliteConnection.ClearAllPools();
        break;
    }

    case "import-azure":
    {
        // The same import on the Azure store (Azurite or an account): <file> <connection string>, a fresh table prefix.
        var connection = rest[1];
        var azure = new ObrasQr.AzureStorage.AzureStore(new Azure.Data.Tables.TableServiceClient(connection),
            new Azure.Storage.Blobs.BlobServiceClient(connection), "b" + Guid.NewGuid().ToString("N")[..12]);
        await azure.EnsureCreatedAsync();
        var store = new TimedStore(new ObrasQr.AzureStorage.AzureContractStore(azure));
        var importer = new SecopImporter(store, new ObrasQr.AzureStorage.AzureSyncStateStore(azure), TimeProvider.System);
        await using var file = File.OpenRead(rest[0]);
        var result = await importer.ImportAsync(file, $"bench:{Path.GetFileName(rest[0])}");
        var c = result.Counts;
        Report($"import-azure: new {c.New}, changed {c.Changed}, unchanged {c.Unchanged}, rejected {c.Rejected} | store: head reads {store.HeadCalls} calls {store.Heads.TotalSeconds:F2} s, writes {store.WriteCalls} calls {store.Writes.TotalSeconds:F2} s");
        break;
    }

    case "write":
    {
        // The store alone: 100k versions already read and hashed, written in batches of 1000.
        var contracts = await ContractsOfAsync(rest[0]);
        var versions = contracts.Select(c => ObrasQr.Contracts.ContractVersion.First(c, DateTimeOffset.UtcNow, "bench")).ToList();
        var json = Stopwatch.StartNew();
        foreach (var v in versions) ObrasQr.Contracts.ContractJson.Serialize(v.Contract);
        Console.WriteLine($"serialize only: {json.Elapsed.TotalSeconds:F2} s");
        var store = new SqliteContractStore(new SqliteDatabase(rest[1]));
        var write = Stopwatch.StartNew();
        foreach (var chunk in versions.Chunk(1000)) await store.AddVersionsAsync(chunk);
        Report($"write: {write.Elapsed.TotalSeconds:F2} s for {versions.Count}");
        break;
    }

    case "costs":
    {
        // What the import adds to the parse, per step, on contracts already in memory: each step run three times in one
        // process (the first pays for the JIT), the best of the last two printed.
        var contracts = await ContractsOfAsync(rest[0]);
        void Step(string name, Action<ObrasQr.Contracts.Contract> step)
        {
            var best = double.MaxValue;
            for (var round = 0; round < 3; round++)
            {
                var watch = Stopwatch.StartNew();
                foreach (var c in contracts) step(c);
                if (round > 0) best = Math.Min(best, watch.Elapsed.TotalSeconds);
            }
            Console.WriteLine($"{name}: {best:F3} s for {contracts.Count} ({best / contracts.Count * 1e6:F2} µs each)");
        }
        Step("content hash", c => c.ContentHash());
        Step("stored JSON", c => ObrasQr.Contracts.ContractJson.SerializeToUtf8(c));
        Report("costs");
        break;
    }

    case "heads":
    {
        var store = new SqliteContractStore(new SqliteDatabase(rest[0]));
        var found = 0;
        for (var i = 0; i < int.Parse(rest[1]); i += 1000)
            found += (await store.HeadsAsync(Enumerable.Range(i, 1000).Select(n => $"CO1.PCCNTR.{5_000_000 + n}").ToList())).Count;
        Report($"heads: {found}");
        break;
    }

    case "stages":
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(rest[0]))!;
        await Stages.RunAsync(rest[0], folder);
        Report("stages");
        break;
    }

    default:
        Console.Error.WriteLine("usage: generate <rows> <file> | tokenise-csvhelper <file> | tokenise-sep <file> | parse <file> | import <file> <db> [--row-level] [--warm] | stages <file>");
        return 2;
}
return 0;

void Report(string what)
{
    using var self = Process.GetCurrentProcess();
    Console.WriteLine($"{what} | {clock.Elapsed.TotalSeconds:F2} s | CPU {(self.TotalProcessorTime - cpuBefore).TotalSeconds:F2} s | peak working set {self.PeakWorkingSet64 / 1e6:F0} MB | managed heap peak-ish {GC.GetGCMemoryInfo().HeapSizeBytes / 1e6:F0} MB | GC pauses {GC.GetTotalPauseDuration().TotalSeconds:F2} s, gen0/1/2 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, allocated {GC.GetTotalAllocatedBytes() / 1e9:F1} GB");
}

// Reading and validating every row into a Contract (SecopFile on Sep + SecopRecord.ToContract): everything the import
// does before hashing and the store.
static async Task<(int Rows, int Rejected)> ParseAsync(string path, bool hash)
{
    int rows = 0, rejected = 0;
    await using var file = File.OpenRead(path);
    await foreach (var record in SecopFile.ReadAsync(file))
    {
        rows++;
        var contract = record.ToContract().Contract;
        if (contract is null) rejected++;
        else if (hash) contract.ContentHash();
    }
    return (rows, rejected);
}

// The file's contracts in memory, for the commands that time what comes after the parse.
static async Task<List<ObrasQr.Contracts.Contract>> ContractsOfAsync(string path)
{
    var contracts = new List<ObrasQr.Contracts.Contract>();
    await using var file = File.OpenRead(path);
    await foreach (var record in SecopFile.ReadAsync(file))
        if (record.ToContract().Contract is { } c) contracts.Add(c);
    return contracts;
}

static async Task<(ObrasQr.Secop.ImportResult, TimedStore)> ImportAsync(string path, string database, bool rowLevel)
{
    var db = new SqliteDatabase(database);
    var state = new SqliteSyncStateStore(db);
    if (rowLevel)
        await state.SetAsync("contracts:stamp", Guid.NewGuid().ToString("N")); // invalidates the file fingerprint: row by row
    var store = new TimedStore(new SqliteContractStore(db));
    var importer = new SecopImporter(store, state, TimeProvider.System);
    await using var file = File.OpenRead(path);
    return (await importer.ImportAsync(file, $"bench:{Path.GetFileName(path)}:{DateTime.UtcNow:O}"), store);
}

// With --warm, the phase first runs three times over a smaller export of its own (20,000 rows, another seed, a
// throwaway database), as a long-running server has by its fourth upload, and waits for the JIT to go idle: the timed
// run then pays little JIT or tiering for the code it shares with those. Without it, the phase runs in a fresh
// process, as a server's first upload does.
async Task WarmUpAsync(Func<string, Task> phase)
{
    if (!warm) return;
    var folder = Directory.CreateTempSubdirectory("obrasqr-warm").FullName;
    try
    {
        var path = Path.Combine(folder, "warm.csv");
        ExportGenerator.Write(path, 20_000, seed: 7);
        // Three times: code that runs hot moves up tier by tier (tier 0, instrumented, optimised) as it is called.
        for (var round = 0; round < 3; round++)
        {
            await phase(path);
            SqliteConnection.ClearAllPools();
        }
        // Then wait until the JIT is idle: the optimised versions are compiled in the background after the calls.
        for (long before = -1; before != JitInfo.GetCompiledMethodCount();)
        {
            before = JitInfo.GetCompiledMethodCount();
            await Task.Delay(500);
        }
    }
    finally { Directory.Delete(folder, recursive: true); }
    GC.Collect();
    using var self = Process.GetCurrentProcess();
    cpuBefore = self.TotalProcessorTime;
    clock.Restart();
}

string Warmed() => warm ? " (warm)" : "";
