using System.Security.Cryptography;
using System.Text.Json;
using ObrasQr.Contracts;
using ObrasQr.Sync;

namespace ObrasQr.Secop;

/// <summary>
/// Imports rows into the contract store: a new contract becomes version 1, a changed one gets a new version, an
/// unchanged one (same content hash) is left alone. Rows go in batches: one read of the current hashes and one atomic
/// write per batch, so a crash leaves every contract at its old or its new version, and running the same import
/// again completes it (rows it already wrote count as they did the first time, because their version carries the
/// same source).
/// </summary>
public sealed class SecopImporter(IContractStore contracts, ISyncStateStore state, TimeProvider clock)
{
    /// <summary>Rows per read of current hashes and per atomic write; at most 1000 (the store's limit per call).</summary>
    public int BatchSize { get; init; } = 1000;
    /// <summary>Row errors kept one by one in an import's result; the groups and the counts are always exact.</summary>
    public const int MaxReportedErrors = 100;
    // Changes before every import that writes; a file fingerprint taken at the same stamp proves a rerun is a no-op.
    const string StampKey = "contracts:stamp";

    /// <summary>Imports a whole file (CSV or JSON export). The stream must be seekable.</summary>
    /// <param name="entityNit">The uploader's scope: rows of any other entity are refused, one by one.</param>
    public async Task<ImportResult> ImportAsync(Stream file, string source, CancellationToken ct = default, string? entityNit = null)
    {
        // The same bytes imported under another scope applied other rows: the scope is part of the fingerprint.
        var fingerprintKey = $"import:{await FingerprintAsync(file, ct)}" + (entityNit is null ? "" : $":{entityNit}");
        var stamp = await state.GetAsync(StampKey, ct);
        if (await state.GetAsync(fingerprintKey, ct) is { } saved
            && JsonSerializer.Deserialize<Fingerprint>(saved, Json) is { } known && known.Stamp == stamp)
        {
            // The same bytes were imported and nothing was written since: every row is unchanged.
            var c = known.Result.Counts;
            return known.Result with { Counts = c with { New = 0, Changed = 0, Unchanged = c.New + c.Changed + c.Unchanged } };
        }

        ImportResult result;
        try
        {
            result = await ImportRowsAsync(SecopFile.ReadAsync(file, ct), source, ct, entityNit: entityNit);
        }
        catch (SecopFileRejected e)
        {
            return ImportResult.Rejected(e.Message);
        }
        var after = await state.GetAsync(StampKey, ct) ?? await NewStampAsync(ct);
        await state.SetAsync(fingerprintKey, JsonSerializer.Serialize(new Fingerprint(after, result), Json), ct);
        return result;
    }

    /// <summary>Imports rows already read (the SODA pages).</summary>
    /// <param name="counted">Contract ids already counted by earlier parts of the same run (SODA pages), so a
    /// contract repeated across pages counts once.</param>
    public async Task<ImportResult> ImportRowsAsync(IAsyncEnumerable<SecopRecord> rows, string source, CancellationToken ct = default,
        HashSet<long>? counted = null, string? entityNit = null)
    {
        var tally = new Tally(counted ?? []);
        var batch = new List<SecopRecord>(BatchSize);
        // Reading and hashing the next batch overlaps with writing the previous one; writes stay in file order.
        var writing = Task.CompletedTask;
        try
        {
            await foreach (var row in rows.WithCancellation(ct))
            {
                batch.Add(row);
                if (batch.Count < BatchSize) continue;
                var read = Read(batch, tally, entityNit);
                await writing;
                writing = Task.Run(() => WriteAsync(read, source, tally, ct), ct);
                batch = new List<SecopRecord>(BatchSize);
            }
        }
        catch when (!writing.IsCompleted)
        {
            // The file failed (or the run was cancelled) while a batch was being written: let it finish first, so
            // no write outlives the import.
            await writing.ContinueWith(_ => { }, TaskScheduler.Default);
            throw;
        }
        var last = Read(batch, tally, entityNit);
        await writing;
        await WriteAsync(last, source, tally, ct);
        return new ImportResult(new ImportCounts(tally.New, tally.Changed, tally.Unchanged, tally.Rejected, tally.Outdated, tally.RowsWithWarnings, tally.Duplicates), tally.Errors, null)
        {
            ErrorGroups = [.. tally.Groups.Values.OrderByDescending(g => g.Count)],
        };
    }

    // Only the reading side touches Rejected and Errors; only the (one at a time) writing side touches the rest.
    static List<(Contract Contract, string Hash)> Read(List<SecopRecord> batch, Tally tally, string? entityNit)
    {
        var read = new List<(Contract, string)>(batch.Count);
        var inBatch = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in batch)
        {
            var (contract, errors) = row.ToContract();
            foreach (var error in errors) tally.Report(error);
            if (contract is null) { tally.Rejected++; continue; }
            if (ManualWorks.IsManualId(contract.ContractId))
            {
                // Works registered by hand are the entity's own record: no file may write over them.
                tally.Report(new RowError(row.Line, "ID Contrato",
                    $"El identificador {RowError.Excerpt(contract.ContractId)} es de una obra registrada a mano en ObrasQr; una importación de SECOP II no la cambia."),
                    "El identificador es de una obra registrada a mano en ObrasQr; una importación de SECOP II no la cambia.");
                tally.Rejected++;
                continue;
            }
            if (entityNit is not null && contract.EntityNit != entityNit)
            {
                // Staff of one entity never change another's contracts, whatever their file says.
                tally.Report(new RowError(row.Line, "Nit Entidad",
                    $"El contrato {contract.ContractId} es de la entidad con NIT {contract.EntityNit ?? "(vacío)"}, no de la suya ({entityNit}); no se aplicó."),
                    "Contrato de otra entidad; no se aplicó.");
                tally.Rejected++;
                continue;
            }
            if (errors.Count > 0) tally.RowsWithWarnings++;
            var hash = contract.ContentHash();
            // One contract repeated in a file counts once: the last row wins, with a warning when it differs.
            var idKey = IdKey(contract.ContractId);
            var hashKey = Convert.ToInt64(hash[^16..], 16);
            if (tally.Seen.TryGetValue(idKey, out var seenHash))
            {
                tally.Duplicates++;
                if (seenHash != hashKey)
                    tally.Report(new RowError(row.Line, "ID Contrato",
                        $"El contrato {contract.ContractId} aparece más de una vez con datos distintos; se usa la última fila.", RowKept: true),
                        "Contrato repetido con datos distintos; se usa la última fila.");
            }
            tally.Seen[idKey] = hashKey;
            // Within a batch only the last row of a contract is written; across batches the later row is a change.
            if (inBatch.TryGetValue(contract.ContractId, out var earlier)) read[earlier] = (contract, hash);
            else { inBatch[contract.ContractId] = read.Count; read.Add((contract, hash)); }
        }
        return read;
    }

    async Task WriteAsync(List<(Contract Contract, string Hash)> read, string source, Tally tally, CancellationToken ct)
    {
        if (read.Count == 0) return;
        var heads = new Dictionary<string, ContractHead>(await contracts.HeadsAsync(read.Select(r => r.Contract.ContractId).Distinct().ToList(), ct));
        var now = clock.GetUtcNow();
        var versions = new List<ContractVersion>();
        var uncounted = new HashSet<ContractVersion>(ReferenceEqualityComparer.Instance);
        foreach (var (contract, hash) in read)
        {
            // A repeated row of a contract this import already counted changes it at most, and is not counted again.
            var repeated = !tally.Counted.Add(IdKey(contract.ContractId));
            var head = heads.GetValueOrDefault(contract.ContractId);
            var unchanged = head is not null && contract.HasContentHash(head.ContentHash, hash);
            if (repeated && unchanged) continue;
            if (head is not null && unchanged)
            {
                // Written by this same import before a crash: count it as it was counted then.
                if (head.Source != source) tally.Unchanged++;
                else if (head.Number == 1) tally.New++;
                else tally.Changed++;
                continue;
            }
            if (head is not null && IsOlder(contract, head))
            {
                tally.Outdated++;
                continue;
            }
            var version = new ContractVersion(contract.ContractId, (head?.Number ?? 0) + 1, contract, hash, now, source);
            heads[contract.ContractId] = new ContractHead(version.Number, hash, contract.UpdatedInSecop, source);
            versions.Add(version);
            if (repeated) uncounted.Add(version);
        }
        if (versions.Count == 0) return;

        if (!tally.Stamped) await NewStampAsync(ct);
        tally.Stamped = true;
        var added = await contracts.AddVersionsAsync(versions, ct);
        for (var i = 0; i < versions.Count; i++)
        {
            var outcome = added[i] ? (versions[i].Number == 1 ? Outcome.New : Outcome.Changed) : await SaveAsync(versions[i].Contract, source, ct);
            if (uncounted.Contains(versions[i])) continue;
            switch (outcome)
            {
                case Outcome.New: tally.New++; break;
                case Outcome.Changed: tally.Changed++; break;
                case Outcome.Outdated: tally.Outdated++; break;
                default: tally.Unchanged++; break;
            }
        }
    }

    // SECOP's stamp only moves forward: a row stamped on an earlier day than the stored one comes from an older
    // download and must not undo what is stored. Days, not times: CSV exports often carry midnight for every stamp.
    static bool IsOlder(Contract contract, ContractHead head) =>
        contract.UpdatedInSecop is { } incoming && head.UpdatedInSecop is { } stored && incoming.Date < stored.Date;

    enum Outcome { New, Changed, Unchanged, Outdated }

    // A concurrent writer added a version between our read and write: read again and retry, one row at a time.
    async Task<Outcome> SaveAsync(Contract contract, string source, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = await contracts.FindAsync(contract.ContractId, ct);
            if (current is not null && IsOlder(contract, new ContractHead(current.Number, current.ContentHash, current.Contract.UpdatedInSecop, current.Source)))
                return Outcome.Outdated;
            var next = current is null
                ? ContractVersion.First(contract, clock.GetUtcNow(), source)
                : current.Next(contract, clock.GetUtcNow(), source);
            if (next is null) return Outcome.Unchanged;
            if (await contracts.AddVersionAsync(next, ct)) return current is null ? Outcome.New : Outcome.Changed;
            if (attempt >= 3) throw new InvalidOperationException($"Contract {contract.ContractId} keeps changing under this import.");
        }
    }

    async Task<string> NewStampAsync(CancellationToken ct)
    {
        var stamp = Guid.NewGuid().ToString("N");
        await state.SetAsync(StampKey, stamp, ct);
        return stamp;
    }

    static async Task<string> FingerprintAsync(Stream file, CancellationToken ct)
    {
        var start = file.Position;
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct));
        file.Seek(start, SeekOrigin.Begin);
        return hash;
    }

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    sealed record Fingerprint(string Stamp, ImportResult Result);

    /// <summary>
    /// A contract id as 64 bits (FNV-1a), so that telling repeats apart costs a few MB for a million rows instead of
    /// holding every id and hash string (the import's memory must not grow with the file). A collision, about one in
    /// 10^8 for a million ids, could only leave one contract uncounted; what is written is decided by the full id.
    /// </summary>
    public static long IdKey(string contractId)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in contractId) hash = (hash ^ c) * 1099511628211UL;
        return unchecked((long)hash);
    }

    sealed class Tally(HashSet<long> counted)
    {
        public int New, Changed, Unchanged, Rejected, Outdated;
        public int RowsWithWarnings, Duplicates;
        public bool Stamped;
        public List<RowError> Errors { get; } = [];
        public Dictionary<(string?, bool, string), ErrorGroup> Groups { get; } = [];

        /// <summary>Keeps the error (up to the limit) and counts it in its group: same column, same outcome, same
        /// kind of reason (the reason without the quoted cell).</summary>
        public void Report(RowError error, string? kind = null)
        {
            if (Errors.Count < MaxReportedErrors) Errors.Add(error);
            kind ??= ErrorGroup.KindOf(error.Reason);
            var key = (error.Column, error.RowKept, kind);
            Groups[key] = Groups.TryGetValue(key, out var group) ? group.With(error.Line) : ErrorGroup.First(error, kind);
        }
        /// <summary>Contract ids read so far, with the hash of their last row (reading side).</summary>
        public Dictionary<long, long> Seen { get; } = [];
        /// <summary>Contract ids already counted (writing side).</summary>
        public HashSet<long> Counted => counted;
    }
}
