using Microsoft.AspNetCore.Identity;

namespace ObrasQr.Staff;

/// <summary>
/// Passwords through ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2 with a per-password salt, a
/// versioned format that can be strengthened later): a solved problem, not written here.
/// </summary>
public sealed class StaffPasswords
{
    public const int MinLength = 12;
    public const int MaxLength = 256;

    readonly PasswordHasher<StaffMember> hasher = new();
    // Checked when the e-mail matches no account, so that an unknown e-mail costs the same time as a wrong password.
    readonly string decoy;

    public StaffPasswords() => decoy = hasher.HashPassword(null!, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));

    public string Hash(string password) => hasher.HashPassword(null!, password);

    /// <summary>Whether <paramref name="password"/> is the account's; with no account, hashes anyway and says no.</summary>
    public bool Matches(StaffMember? member, string password)
    {
        if (member is null)
        {
            hasher.VerifyHashedPassword(null!, decoy, password);
            return false;
        }
        return hasher.VerifyHashedPassword(member, member.PasswordHash, password) != PasswordVerificationResult.Failed;
    }

    /// <summary>Null when the password may be used; otherwise why not, in Spanish.</summary>
    public static string? Problem(string? password) => password switch
    {
        null or "" => "Escriba una contraseña.",
        { Length: < MinLength } => $"La contraseña debe tener al menos {MinLength} caracteres.",
        { Length: > MaxLength } => $"La contraseña puede tener hasta {MaxLength} caracteres.",
        _ => null,
    };

    /// <summary>A password for a new or reset account, shown once: 20 characters from an alphabet without look-alikes.</summary>
    public static string Generate()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return System.Security.Cryptography.RandomNumberGenerator.GetString(alphabet, 20);
    }
}
