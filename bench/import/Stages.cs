using System.Diagnostics;
using System.IO.Hashing;
using Microsoft.Data.Sqlite;
using ObrasQr.Contracts;
using ObrasQr.Secop;
using ObrasQr.Server.Storage;

namespace ObrasQr.Bench;

/// <summary>
/// Where an import's time goes, stage by stage, in one process: each stage run three times, the best of the last two
/// kept (the first pays for the JIT), so the stages add up as a server's later uploads run them. The first import is
/// split into what the parse-only pass does and what the store adds; the unchanged re-import row by row into the
/// passes over the file and the head reads, whose sum is the floor that re-import cannot go under with rows
/// compared against the store.
/// </summary>
static class Stages
{
    public static async Task RunAsync(string path, string folder)
    {
        var rows = 0;
        var parse = await Best("parse only (cut rows, read cells, map)", async () =>
        {
            rows = 0;
            await using var file = File.OpenRead(path);
            await foreach (var record in SecopFile.ReadAsync(file)) { record.ToContract(); rows++; }
        });
        var contracts = new List<Contract>(rows);
        await using (var file = File.OpenRead(path))
            await foreach (var record in SecopFile.ReadAsync(file))
                if (record.ToContract().Contract is { } c) contracts.Add(c);

        var hash = await Best("content hash", () => { foreach (var c in contracts) c.ContentHash(); return Task.CompletedTask; });
        var json = await Best("stored JSON", () => { foreach (var c in contracts) ContractJson.SerializeToUtf8(c); return Task.CompletedTask; });
        var versions = contracts.Select(c => ContractVersion.First(c, DateTimeOffset.UtcNow, "bench")).ToList();
        var write = await Best("SQLite write (JSON included, fresh database, 1,000 a call)", async () =>
        {
            var store = new SqliteContractStore(new SqliteDatabase(Fresh(folder, "write")));
            foreach (var chunk in versions.Chunk(1000)) await store.AddVersionsAsync(chunk);
        });
        var database = "";
        var import = await Best("import (fresh database)", async () =>
        {
            database = Fresh(folder, "import");
            var db = new SqliteDatabase(database);
            await using var file = File.OpenRead(path);
            await new SecopImporter(new SqliteContractStore(db), new SqliteSyncStateStore(db), TimeProvider.System).ImportAsync(file, "bench");
        });

        var fingerprint = await Best("whole-file fingerprint (XxHash128)", async () =>
        {
            await using var file = File.OpenRead(path);
            var hasher = new XxHash128();
            await hasher.AppendAsync(file);
        });
        var cells = await Best("cell-size check", async () =>
        {
            await using var file = File.OpenRead(path);
            await HostileFileGuards.CheckCellSizesAsync(file, (byte)',', CancellationToken.None);
        });
        var ids = new List<string>(rows);
        var scan = await Best("rows cut and hashed (cell-size check included)", async () =>
        {
            ids.Clear();
            await using var file = File.OpenRead(path);
            await foreach (var record in SecopFile.ReadAsync(file))
                if (record.NormalizedContractId is { } id) ids.Add(id);
        });
        var stored = new SqliteContractStore(new SqliteDatabase(database));
        var heads = await Best("head reads (1,000 ids a query)", async () =>
        {
            foreach (var chunk in ids.Chunk(1000)) await stored.HeadsAsync(chunk);
        });
        // The same queries with less asked of them: what is left of the head reads with nothing made into objects.
        var sqlite = new SqliteDatabase(database);
        var narrow = await Best("  the same ids, only id and row fingerprint read", () => Query(sqlite, ids, "contract_id, row_fingerprint", 2));
        var count = await Best("  the same ids, only counted (SQLite's lookups alone)", () => Query(sqlite, ids, "count(*)", 0));
        var state = new SqliteSyncStateStore(sqlite);
        var rowLevel = await Best("re-import, row by row", async () =>
        {
            await state.SetAsync("contracts:stamp", Guid.NewGuid().ToString("N")); // the file fingerprint no longer answers
            await using var file = File.OpenRead(path);
            var result = await new SecopImporter(stored, state, TimeProvider.System).ImportAsync(file, $"bench:{Guid.NewGuid():N}");
            if (result.RowsMapped != 0) throw new InvalidOperationException($"{result.RowsMapped} rows were mapped again.");
        });
        SqliteConnection.ClearAllPools();

        Console.WriteLine();
        Console.WriteLine($"import / parse only: {import / parse:F2}x; the store's stages alone (hash + SQLite write): {hash + write:F2} s");
        Console.WriteLine($"re-import row by row: {import / rowLevel:F1}x faster than the import; its passes (fingerprint + cut and hash, " +
            $"which includes the cell-size check) and head reads add up to {fingerprint + scan + heads:F2} s, " +
            $"{import / (fingerprint + scan + heads):F1}x under the import; 10x would need {import / 10:F2} s; " +
            $"with head reads that made nothing but the fingerprint: {fingerprint + scan + narrow:F2} s");
        Console.WriteLine($"(the lookups alone take {count:F2} s)");
    }

    static Task Query(SqliteDatabase sqlite, List<string> ids, string columns, int strings)
    {
        using var connection = sqlite.Open();
        foreach (var chunk in ids.Chunk(1000))
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {columns} FROM contracts WHERE contract_id IN (SELECT value FROM json_each($ids))";
            command.Parameters.AddWithValue("$ids", System.Text.Json.JsonSerializer.Serialize(chunk));
            using var reader = command.ExecuteReader();
            while (reader.Read())
                for (var i = 0; i < strings; i++) if (!reader.IsDBNull(i)) reader.GetString(i);
        }
        return Task.CompletedTask;
    }

    static async Task<double> Best(string stage, Func<Task> run)
    {
        var best = double.MaxValue;
        for (var round = 0; round < 3; round++)
        {
            var watch = Stopwatch.StartNew();
            await run();
            if (round > 0) best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }
        Console.WriteLine($"{stage}: {best:F3} s");
        return best;
    }

    static string Fresh(string folder, string name)
    {
        var path = Path.Combine(folder, $"stages-{name}.db");
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" }) File.Delete(file);
        return path;
    }
}
