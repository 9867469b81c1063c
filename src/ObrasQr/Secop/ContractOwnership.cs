using ObrasQr.Contracts;

namespace ObrasQr.Secop;

/// <summary>
/// A contract belongs to the entity that first published it. An import row that would give a stored contract to
/// another entity is refused, unless the import is of someone who sees every entity (an unscoped office or admin):
/// then the move is made and said in the import's result with who made it (the export keeps both, and the
/// version's source names the export). The SODA pull and scoped staff never move a contract.
/// </summary>
public static class ContractOwnership
{
    const int Parallelism = 8;

    /// <summary>The stored entity (NIT, or null when the contract has none) of each contract among
    /// <paramref name="contractIds"/> that exists.</summary>
    public static async Task<IReadOnlyDictionary<string, string?>> OwnersAsync(IContractStore contracts, IEnumerable<string> contractIds, CancellationToken ct)
    {
        var owners = new System.Collections.Concurrent.ConcurrentDictionary<string, string?>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(contractIds.Distinct(StringComparer.Ordinal), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
            async (id, token) =>
            {
                if (await contracts.FindAsync(id, token) is { } current) owners[id] = current.Contract.EntityNit;
            });
        return owners;
    }

    /// <summary>Whether a row may write <paramref name="contract"/> over a stored contract of <paramref name="storedNit"/>;
    /// when not, the row's error; when it may and the entity changes, the note that records the move.</summary>
    /// <param name="movedBy">Who may move contracts between entities in this import; null when nobody may.</param>
    public static (bool Allowed, RowError? Said) Check(Contract contract, string? storedNit, int line, string? movedBy)
    {
        if (storedNit is null || string.Equals(storedNit, contract.EntityNit, StringComparison.Ordinal)) return (true, null);
        if (movedBy is null)
            return (false, new RowError(line, "Nit Entidad",
                $"El contrato {contract.ContractId} pertenece a otra entidad (NIT {storedNit}); solo un administrador o una oficina sin entidad asignada puede moverlo. No se aplicó."));
        return (true, new RowError(line, "Nit Entidad",
            $"El contrato {contract.ContractId} pasó de la entidad con NIT {storedNit} a la entidad con NIT {contract.EntityNit ?? "(vacío)"}; lo movió {movedBy}.",
            RowKept: true));
    }

    /// <summary>The kind its error is grouped under (the contract and the NITs taken out).</summary>
    public const string RefusedKind = "El contrato pertenece a otra entidad; no se aplicó.";
    public const string MovedKind = "El contrato pasó a otra entidad.";
}
