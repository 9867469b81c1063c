using ObrasQr.Auth;
using ObrasQr.Staff;

namespace ObrasQr.Server;

/// <summary>
/// The demo server's desk sign-ins: an admin (all entities), an office clerk and an auditor of the demo entity
/// (Cartagena), each with a new random password every run, printed once at start like <see cref="DevelopmentKeys"/>
/// and never written anywhere but as a hash. Only in Development with demo data; never in Production.
/// </summary>
public sealed class DevelopmentStaff(IStaffStore store, StaffAccounts accounts, StaffPasswords passwords)
{
    const string DemoEntity = "890480184";

    static readonly (string Email, string Name, string Role, string? Entity)[] People =
    [
        ("admin@demo.obrasqr.invalid", "Administración (demo)", Roles.Admin, null),
        ("oficina@demo.obrasqr.invalid", "Oficina de contratación (demo)", Roles.Office, DemoEntity),
        ("auditoria@demo.obrasqr.invalid", "Control interno (demo)", Roles.Auditor, DemoEntity),
    ];

    /// <summary>Each demo person's e-mail, role and this run's password.</summary>
    public async Task<IReadOnlyList<(string Email, string Role, string Password)>> PrepareAsync(CancellationToken ct)
    {
        var signIns = new List<(string, string, string)>();
        foreach (var (email, name, role, entity) in People)
        {
            var password = StaffPasswords.Generate();
            if (await store.FindByEmailAsync(email, ct) is { } known)
            {
                var hash = passwords.Hash(password);
                await store.ChangeAsync(known.Id, current => current with { PasswordHash = hash, Disabled = false }, ct);
            }
            else if ((await accounts.CreateAsync(new(name, email, role, entity), password, "servidor de demostración", ct)).Member is null)
                continue;
            signIns.Add((email, role, password));
        }
        return signIns;
    }
}
