namespace ObrasQr.Contracts;

public static class ContractIds
{
    /// <summary>SECOP ids are upper-case (CO1.PCCNTR.5361557): a URL typed or scanned in any case finds the contract.</summary>
    public static string Normalize(string contractId) => contractId.Trim().ToUpperInvariant();
}
