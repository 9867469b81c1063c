namespace ObrasQr.Contracts;

public static class ContractIds
{
    /// <summary>SECOP ids are upper-case (CO1.PCCNTR.5361557): a URL typed or scanned in any case finds the contract.</summary>
    public static string Normalize(string contractId) => contractId.Trim().ToUpperInvariant();
}

/// <summary>
/// A contract id as routes receive it: minimal APIs bind it through <see cref="TryParse"/>, so every route gets the
/// id normalised the same way the importer stores it, whatever case the address was typed or scanned in.
/// </summary>
public readonly record struct ContractId(string Value)
{
    public static bool TryParse(string? text, out ContractId id)
    {
        // Always bound: an id that is blank once trimmed finds no work, and says so with a 404 like any unknown id.
        id = new ContractId(ContractIds.Normalize(text ?? ""));
        return true;
    }

    public static implicit operator string(ContractId id) => id.Value;

    public override string ToString() => Value;
}
