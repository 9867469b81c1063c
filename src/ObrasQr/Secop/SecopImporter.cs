using System.IO.Hashing;
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
    /// <summary>What a row becomes (<see cref="RowFormat.Current"/>); another value only in tests, to stand for the
    /// importer before or after a column was added.</summary>
    internal long Format { get; init; } = RowFormat.Current;

    /// <summary>Imports a whole file (CSV or JSON export). The stream must be seekable.</summary>
    /// <param name="entityNit">The uploader's scope: rows of any other entity are refused, one by one.</param>
    /// <param name="movedBy">Who may move contracts between entities (<see cref="ContractOwnership"/>); null when nobody may.</param>
    /// <param name="checkpoints">Where each batch records how far the import got, and where an import taken over by
    /// another worker resumes from (<see cref="ImportCheckpoints"/>).</param>
    public async Task<ImportResult> ImportAsync(Stream file, string source, CancellationToken ct = default, string? entityNit = null, string? movedBy = null,
        ImportCheckpoints? checkpoints = null)
    {
        // The same bytes imported under another scope applied other rows: the scope is part of the fingerprint. So is
        // the row format: the same bytes read with a new column are not the rows imported before.
        var fingerprintKey = $"import:{await FingerprintAsync(file, ct)}:{Format:x}" + (entityNit is null ? "" : $":{entityNit}") + (movedBy is null ? "" : ":may-move");
        var stamp = await state.GetAsync(StampKey, ct);
        if (await state.GetAsync(fingerprintKey, ct) is { } saved
            && JsonSerializer.Deserialize<Fingerprint>(saved, Json) is { } known && known.Stamp == stamp)
        {
            // The same bytes were imported and nothing was written since: every row is unchanged.
            var c = known.Result.Counts;
            return known.Result with { Counts = c with { New = 0, Changed = 0, Unchanged = c.New + c.Changed + c.Unchanged }, RowsMapped = 0, WrittenIds = [] };
        }

        ImportResult result;
        try
        {
            result = await ImportRowsAsync(SecopFile.ReadAsync(file, ct), source, ct, entityNit: entityNit, movedBy: movedBy, checkpoints: checkpoints);
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
        ContractIdSet? counted = null, string? entityNit = null, string? movedBy = null, ImportCheckpoints? checkpoints = null)
    {
        counted?.StartPart();
        var tally = new ImportTally(counted ?? new ContractIdSet()) { MovedBy = movedBy };
        var resumed = checkpoints?.From;
        if (resumed is not null) tally.Restore(resumed);
        var position = 0;
        var batch = new List<SecopRecord>(BatchSize);
        // Reading and hashing the next batch overlaps with writing the previous one; writes stay in file order.
        var writing = Task.CompletedTask;
        IReadOnlySet<string> beingWritten = new HashSet<string>();
        try
        {
            await foreach (var row in rows.WithCancellation(ct))
            {
                if (position++ < resumed?.Rows)
                {
                    // Written before the checkpoint: only its contract is remembered, so a later row of it counts as a
                    // repeat, as it did. (A refused row is remembered too: a refused row followed, past the checkpoint,
                    // by an accepted row of the same contract counts that one as a repeat; its version is written all the same.)
                    if (row.NormalizedContractId is { } id) tally.Counted.Add(id);
                    continue;
                }
                batch.Add(row);
                if (batch.Count < BatchSize) continue;
                var read = await ReadAsync(batch, tally, entityNit, beingWritten, ct);
                await writing;
                beingWritten = read.Ids;
                writing = Task.Run(() => WriteAsync(read, source, tally, ct), ct);
                batch = new List<SecopRecord>(BatchSize);
                if (checkpoints is null) continue;
                // A checkpoint is a cut where every row before it is written and none after it is read: the next batch
                // is not read while this one is written (a job's import gives up that overlap).
                await writing;
                await checkpoints.Save(tally.Checkpoint(position));
            }
        }
        catch when (!writing.IsCompleted)
        {
            // The file failed (or the run was cancelled) while a batch was being written: let it finish first, so
            // no write outlives the import.
            await writing.ContinueWith(_ => { }, TaskScheduler.Default);
            throw;
        }
        var last = await ReadAsync(batch, tally, entityNit, beingWritten, ct);
        await writing;
        await WriteAsync(last, source, tally, ct);
        return new ImportResult(new ImportCounts(tally.New, tally.Changed, tally.Unchanged, tally.Rejected + tally.NotOwned, tally.Outdated, tally.RowsWithWarnings,
            tally.DuplicatesInBatch + tally.DuplicatesAcrossBatches), [.. tally.Errors.OrderBy(e => e.Line)], null)
        {
            ErrorGroups = [.. tally.Groups.Values.OrderByDescending(g => g.Count)],
            RowsMapped = tally.RowsMapped,
            WrittenIds = [.. tally.Written],
        };
    }

    /// <summary>A row as the writing side needs it. Contract is null when the row's fingerprint showed it unchanged
    /// (its cells were not read); Fingerprint is kept with the version written from the row.</summary>
    readonly record struct Entry(string ContractId, Contract? Contract, string Hash, string? Fingerprint, int Line);

    /// <summary>A batch read: its rows, the heads read for them (null when none was read yet), and its contract ids.
    /// Stale: ids the previous batch was writing while these heads were read.</summary>
    sealed record Batch(List<Entry> Entries, Dictionary<string, ContractHead>? Heads, HashSet<string> Ids, List<string> Stale);

    // Only the reading side touches Rejected, RowsMapped and DuplicatesInBatch; only the (one at a time) writing side touches
    // the other counts; both report errors (under a lock).
    async Task<Batch> ReadAsync(List<SecopRecord> batch, ImportTally tally, string? entityNit, IReadOnlySet<string> beingWritten, CancellationToken ct)
    {
        // CSV rows carry their raw text's hash: read the batch's heads first, and a row whose fingerprint the current
        // version carries is that version's row, unchanged, without reading its 89 cells. Not for a contract the
        // previous batch is writing right now: its head may be about to move.
        var fingerprints = new string?[batch.Count];
        var ids = new string?[batch.Count];
        Dictionary<string, ContractHead>? heads = null;
        if (batch.Exists(r => r.RawRowHash is not null))
        {
            var scope = Scope(entityNit);
            for (var i = 0; i < batch.Count; i++)
                if (batch[i].RawRowHash is { } raw && (ids[i] = batch[i].NormalizedContractId) is not null)
                    fingerprints[i] = RowFingerprint(raw, scope);
            heads = new Dictionary<string, ContractHead>(
                await contracts.HeadsAsync(ids.OfType<string>().Distinct().ToList(), ct), StringComparer.Ordinal);
        }
        var matched = new ContractHead?[batch.Count];
        for (var i = 0; i < batch.Count; i++)
            if (fingerprints[i] is { } known && heads!.TryGetValue(ids[i]!, out var head) && head.RowFingerprint == known
                && !beingWritten.Contains(ids[i]!))
                matched[i] = head;
        // The other rows' cells are read now, together (a CSV row's cells are only read when asked for).
        SecopRecord.ReadCells(batch.Where((_, i) => matched[i] is null));

        var read = new List<Entry>(batch.Count);
        var inBatch = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            var row = batch[i];
            Entry entry;
            if (matched[i] is { } head)
            {
                var known = fingerprints[i]!;
                entry = new Entry(ids[i]!, null, head.ContentHash, known, row.Line);
            }
            else
            {
                tally.RowsMapped++;
                if (Map(row, tally, entityNit) is not ({ } contract, var warned)) continue;
                // Only a row with nothing to warn about is told by its fingerprint later: warnings must be counted again.
                entry = new Entry(contract.ContractId, contract, contract.ContentHash(), warned ? null : fingerprints[i], row.Line);
            }
            // One contract repeated in a file counts once: the last row wins, with a warning when it differs. Within a
            // batch only the last row of a contract is written (told here); across batches the later row is a change
            // (told by the writing side, which keeps the ids counted so far).
            if (inBatch.TryGetValue(entry.ContractId, out var earlier))
            {
                tally.DuplicatesInBatch++;
                if (read[earlier].Hash != entry.Hash) tally.Report(Repeated(entry));
                read[earlier] = entry;
            }
            else { inBatch[entry.ContractId] = read.Count; read.Add(entry); }
        }
        var idsRead = read.Select(e => e.ContractId).ToHashSet(StringComparer.Ordinal);
        return new Batch(read, heads, idsRead, heads is null ? [] : [.. idsRead.Where(beingWritten.Contains)]);
    }

    static RowError Repeated(Entry entry) => new(entry.Line, "ID Contrato",
        $"El contrato {entry.ContractId} aparece más de una vez con datos distintos; se usa la última fila.", RowKept: true);

    /// <summary>The row's contract, or null when the row is refused (its errors reported); Warned when it had warnings.</summary>
    static (Contract? Contract, bool Warned) Map(SecopRecord row, ImportTally tally, string? entityNit)
    {
        var (contract, errors) = row.ToContract();
        foreach (var error in errors) tally.Report(error);
        if (contract is null) { tally.Rejected++; return (null, false); }
        if (ManualWorks.IsManualId(contract.ContractId))
        {
            // Works registered by hand are the entity's own record: no file may write over them.
            tally.Report(new RowError(row.Line, "ID Contrato",
                $"El identificador {RowError.Excerpt(contract.ContractId)} es de una obra registrada a mano en ObrasQr; una importación de SECOP II no la cambia."),
                "El identificador es de una obra registrada a mano en ObrasQr; una importación de SECOP II no la cambia.");
            tally.Rejected++;
            return (null, false);
        }
        if (entityNit is not null && contract.EntityNit != entityNit)
        {
            // Staff of one entity never change another's contracts, whatever their file says.
            tally.Report(new RowError(row.Line, "Nit Entidad",
                $"El contrato {contract.ContractId} es de la entidad con NIT {contract.EntityNit ?? "(vacío)"}, no de la suya ({entityNit}); no se aplicó."),
                "Contrato de otra entidad; no se aplicó.");
            tally.Rejected++;
            return (null, false);
        }
        if (errors.Count > 0) tally.RowsWithWarnings++;
        return (contract, errors.Count > 0);
    }

    /// <summary>What a row is to this importer: its raw text under its header (<see cref="SecopRecord.RawRowHash"/>),
    /// the uploader's scope (which decides whether it is applied) and <see cref="Format"/>. XxHash128: fast, and
    /// 128 bits leave no practical chance that two different rows share one.</summary>
    string RowFingerprint(UInt128 rawRowHash, byte[] scope)
    {
        var bytes = scope.Length <= 240 ? stackalloc byte[16 + scope.Length] : new byte[16 + scope.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt128LittleEndian(bytes, rawRowHash);
        scope.CopyTo(bytes[16..]);
        return Convert.ToHexStringLower(XxHash128.Hash(bytes, Format));
    }

    // No scope and an empty one must not read the same.
    static byte[] Scope(string? entityNit) => entityNit is null ? [0] : [1, .. System.Text.Encoding.UTF8.GetBytes(entityNit)];

    async Task WriteAsync(Batch batch, string source, ImportTally tally, CancellationToken ct)
    {
        var read = batch.Entries;
        if (read.Count == 0) return;
        Dictionary<string, ContractHead> heads;
        if (batch.Heads is null)
            heads = new Dictionary<string, ContractHead>(await contracts.HeadsAsync(batch.Ids, ct), StringComparer.Ordinal);
        else
        {
            // Read before the previous batch was written: read again those it may have moved.
            heads = batch.Heads;
            if (batch.Stale.Count > 0)
                foreach (var (id, head) in await contracts.HeadsAsync(batch.Stale, ct)) heads[id] = head;
        }
        var owners = await ContractOwnership.OwnersAsync(contracts, read.Where(e => e.Contract is not null
            && heads.TryGetValue(e.ContractId, out var h) && !e.Contract.HasContentHash(h.ContentHash, e.Hash)).Select(e => e.ContractId), ct);
        var now = clock.GetUtcNow();
        var versions = new List<ContractVersion>();
        var uncounted = new HashSet<ContractVersion>(ReferenceEqualityComparer.Instance);
        // Rows whose text moved while their facts did not (SECOP's update stamp, a new column, a version stored before
        // fingerprints): their fingerprint goes on the head, or they would be mapped again on every re-import.
        var kept = new List<RowFingerprintKept>();
        var rewritten = new List<string>();
        foreach (var entry in read)
        {
            var (id, contract, hash, fingerprint, _) = entry;
            // A repeated row of a contract this import already counted changes it at most, and is not counted again.
            var seen = tally.Counted.Add(id);
            var repeated = seen != ContractIdSet.Seen.New;
            var head = heads.GetValueOrDefault(id);
            var unchanged = head is not null && (contract is null || contract.HasContentHash(head.ContentHash, hash));
            if (seen == ContractIdSet.Seen.InThisPart)
            {
                tally.DuplicatesAcrossBatches++;
                // The head is what the earlier row left (written, or found unchanged), unless that row was older than
                // the stored version; a repeat that is itself older is not applied, so "the last row" is not used.
                if (!unchanged && !(head is not null && IsOlder(contract!, head))) tally.Report(Repeated(entry));
            }
            if (repeated && unchanged) continue;
            if (head is not null && unchanged)
            {
                // A row whose fingerprint matched carries the head's own (and rows with warnings none).
                if (fingerprint is not null && head.RowFingerprint != fingerprint) kept.Add(new(id, head.Number, fingerprint));
                // Written by this same import before a crash: count it as it was counted then, and finish what the
                // crash may have cut (the store's lists).
                if (head.Source != source) tally.Unchanged++;
                else
                {
                    tally.Wrote(id, isNew: head.Number == 1);
                    rewritten.Add(id);
                }
                continue;
            }
            if (head is not null && IsOlder(contract!, head))
            {
                tally.Outdated++;
                continue;
            }
            if (head is not null && owners.TryGetValue(id, out var owner) && !Owned(contract!, owner, entry.Line, tally)) continue;
            var version = new ContractVersion(id, (head?.Number ?? 0) + 1, contract!, hash, now, source) { RowFingerprint = fingerprint };
            heads[id] = new ContractHead(version.Number, hash, contract!.UpdatedInSecop, source, fingerprint);
            versions.Add(version);
            if (repeated) uncounted.Add(version);
        }
        // Not a write the file fingerprint's stamp must see: what a row becomes is the same with it or without.
        if (kept.Count > 0) await contracts.KeepRowFingerprintsAsync(kept, ct);
        if (rewritten.Count > 0) await contracts.RepairIndexAsync(rewritten, ct);
        if (versions.Count == 0) return;

        if (!tally.Stamped) await NewStampAsync(ct);
        tally.Stamped = true;
        var added = await contracts.AddVersionsAsync(versions, ct);
        for (var i = 0; i < versions.Count; i++)
        {
            var outcome = added[i] ? (versions[i].Number == 1 ? Outcome.New : Outcome.Changed) : await SaveAsync(versions[i], source, tally, ct);
            if (uncounted.Contains(versions[i])) continue;
            switch (outcome)
            {
                case Outcome.New: tally.Wrote(versions[i].ContractId, isNew: true); break;
                case Outcome.Changed: tally.Wrote(versions[i].ContractId, isNew: false); break;
                case Outcome.Outdated: tally.Outdated++; break;
                case Outcome.NotOwned: break;
                default: tally.Unchanged++; break;
            }
        }
    }

    // SECOP's stamp ("Ultima Actualizacion", the date of the row's state) only moves forward: a row stamped on an
    // earlier day than the stored one comes from an older download and must not undo what is stored. It is counted
    // outdated and not applied, rather than recorded as history in its place: versions are numbered in the order seen,
    // and slipping one in between would renumber the versions that pages, the API and the facts summary cite.
    // Days, not times: CSV exports often carry midnight for every stamp.
    static bool IsOlder(Contract contract, ContractHead head) =>
        contract.UpdatedInSecop is { } incoming && head.UpdatedInSecop is { } stored && incoming.Date < stored.Date;

    /// <summary>Whether the row may write over a contract stored with <paramref name="storedNit"/>; a refusal or a move is reported.</summary>
    static bool Owned(Contract contract, string? storedNit, int line, ImportTally tally)
    {
        var (allowed, said) = ContractOwnership.Check(contract, storedNit, line, tally.MovedBy);
        if (said is not null) tally.Report(said, allowed ? ContractOwnership.MovedKind : ContractOwnership.RefusedKind);
        if (!allowed) tally.NotOwned++;
        return allowed;
    }

    enum Outcome { New, Changed, Unchanged, Outdated, NotOwned }

    // A concurrent writer added a version between our read and write: read again and retry, one row at a time.
    async Task<Outcome> SaveAsync(ContractVersion refused, string source, ImportTally tally, CancellationToken ct)
    {
        var contract = refused.Contract;
        for (var attempt = 0; ; attempt++)
        {
            var current = await contracts.FindAsync(contract.ContractId, ct);
            if (current is not null && IsOlder(contract, new ContractHead(current.Number, current.ContentHash, current.Contract.UpdatedInSecop, current.Source)))
                return Outcome.Outdated;
            if (current is not null && current.Contract.EntityNit != contract.EntityNit && !Owned(contract, current.Contract.EntityNit, 0, tally))
                return Outcome.NotOwned;
            var next = current is null
                ? ContractVersion.First(contract, clock.GetUtcNow(), source)
                : current.Next(contract, clock.GetUtcNow(), source);
            if (next is null) return Outcome.Unchanged;
            next = next with { RowFingerprint = refused.RowFingerprint };
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

    /// <summary>
    /// The file's bytes as XxHash128: 128 bits leave no practical chance that two files share one by accident, and it
    /// reads a 160 MB export in a few hundredths of a second where SHA-256 took tenths of a second on this
    /// project's machine. A file crafted to collide with an earlier one would only be answered as that one and not
    /// imported, which its uploader could do by not uploading it. ("import:" keys of SHA-256 from before simply match
    /// no file again: the next upload of each is read row by row.)
    /// </summary>
    static async Task<string> FingerprintAsync(Stream file, CancellationToken ct)
    {
        var start = file.Position;
        var hasher = new XxHash128();
        await hasher.AppendAsync(file, ct);
        file.Seek(start, SeekOrigin.Begin);
        return Convert.ToHexStringLower(hasher.GetCurrentHash());
    }

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    sealed record Fingerprint(string Stamp, ImportResult Result);
}
