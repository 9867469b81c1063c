using System.Security.Cryptography;

namespace ObrasQr.Contracts;

/// <summary>
/// Works an entity registers by hand because they are not in SECOP II (many municipalities do not register every
/// contract there). They are stored as contract versions like any other, with their own source and ids in their own
/// namespace: SECOP ids start with "CO1.", these with "OQR.", and an import refuses rows in this namespace, so a SECOP
/// file can neither collide with nor overwrite them.
/// </summary>
public static class ManualWorks
{
    /// <summary>The <see cref="ContractVersion.Source"/> of a work registered in the desk.</summary>
    public const string Source = "registro manual";

    public const string IdPrefix = "OQR.";

    // Crockford's base32 without I, L, O, U: read aloud or typed from a billboard without confusing 0/O or 1/I.
    const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>A new id such as OQR.7K2M9QX4TZ: 50 random bits, so two registrations do not meet.</summary>
    public static string NewId()
    {
        Span<char> id = stackalloc char[10];
        for (var i = 0; i < id.Length; i++) id[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        return IdPrefix + new string(id);
    }

    public static bool IsManualId(string contractId) =>
        contractId.TrimStart().StartsWith(IdPrefix, StringComparison.OrdinalIgnoreCase);

    public static bool IsManual(ContractVersion version) => version.Source == Source;
}
