using System.Diagnostics;
using Microsoft.Data.Sqlite;
using ObrasQr.Bench;
using ObrasQr.Secop;
using ObrasQr.Server.Storage;

// dotnet run -c Release -- generate <rows> <file> | parse <file> | import <file> <db> [--row-level]
// Each phase is its own process, so the peak memory printed (and /usr/bin/time's max RSS) is that phase's alone.
var (command, rest) = (args.ElementAtOrDefault(0), args.Skip(1).ToArray());
var clock = Stopwatch.StartNew();
switch (command)
{
    case "generate":
        ExportGenerator.Write(rest[1], int.Parse(rest[0]));
        Report($"generate {rest[0]} rows: {new FileInfo(rest[1]).Length / 1e6:F1} MB");
        break;

    case "parse":
    {
        // Reading and validating every row into a Contract: everything the import does before the store.
        int rows = 0, rejected = 0;
        await using var file = File.OpenRead(rest[0]);
        await foreach (var record in SecopFile.ReadAsync(file))
        {
            rows++;
            var contract = record.ToContract().Contract;
            if (contract is null) rejected++;
            else if (rest.Contains("--hash")) contract.ContentHash();
        }
        Report($"parse: {rows} rows ({rejected} rejected)");
        break;
    }

    case "import":
    {
        var db = new SqliteDatabase(rest[1]);
        var state = new SqliteSyncStateStore(db);
        if (rest.Contains("--row-level"))
            await state.SetAsync("contracts:stamp", Guid.NewGuid().ToString("N")); // invalidates the file fingerprint: row by row
        var importer = new SecopImporter(new SqliteContractStore(db), state, TimeProvider.System);
        await using var file = File.OpenRead(rest[0]);
        var result = await importer.ImportAsync(file, $"bench:{Path.GetFileName(rest[0])}:{DateTime.UtcNow:O}");
        var c = result.Counts;
        Report($"import{(rest.Contains("--row-level") ? " (row level)" : "")}: new {c.New}, changed {c.Changed}, unchanged {c.Unchanged}, rejected {c.Rejected}, outdated {c.Outdated} {result.RejectionReason}");
        SqliteConnection.ClearAllPools();
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

    default:
        Console.Error.WriteLine("usage: generate <rows> <file> | parse <file> | import <file> <db> [--row-level]");
        return 2;
}
return 0;

void Report(string what)
{
    using var self = Process.GetCurrentProcess();
    Console.WriteLine($"{what} | {clock.Elapsed.TotalSeconds:F2} s | peak working set {self.PeakWorkingSet64 / 1e6:F0} MB | managed heap peak-ish {GC.GetGCMemoryInfo().HeapSizeBytes / 1e6:F0} MB");
}
