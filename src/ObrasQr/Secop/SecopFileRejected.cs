namespace ObrasQr.Secop;

/// <summary>The whole file is not a SECOP II contracts export; nothing in it is imported.</summary>
/// <param name="unsupportedFormat">The file is not in a format ObrasQr reads at all (binary, old .xls), as opposed to
/// a readable file that is not a contracts export.</param>
public sealed class SecopFileRejected(string reason, bool unsupportedFormat = false) : Exception(reason)
{
    public bool UnsupportedFormat => unsupportedFormat;
}
