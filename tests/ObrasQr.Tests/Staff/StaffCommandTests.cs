using ObrasQr.Server;
using ObrasQr.Server.Storage;
using ObrasQr.Staff;
using ObrasQr.Tests.Storage;

namespace ObrasQr.Tests.Staff;

/// <summary>`staff add`: the first admin from the command line, the password from standard input.</summary>
public sealed class StaffCommandTests : IDisposable
{
    readonly TempDirectory temp = new();
    readonly SqliteStaffStore store;
    readonly StaffAccounts accounts;
    readonly StringWriter output = new(), error = new();

    public StaffCommandTests()
    {
        store = new SqliteStaffStore(temp.Database());
        accounts = new StaffAccounts(store, new StaffPasswords(), TimeProvider.System);
    }

    public void Dispose() => temp.Dispose();

    Task<int> Run(string stdin, params string[] args) => StaffCommand.RunAsync(args, accounts, new StringReader(stdin), output, error);

    [Fact]
    public async Task Staff_add_makes_an_account_whose_password_is_the_first_line_of_standard_input()
    {
        var exit = await Run("una clave larga y buena\nresto\n", "staff", "add", "--email", "Ana@Alcaldia.gov.co", "--name", "Ana Pérez", "--role", "admin", "--entity", "890480184-4");

        Assert.Equal(StaffCommand.Done, exit);
        var ana = await store.FindByEmailAsync("ana@alcaldia.gov.co");
        Assert.NotNull(ana);
        Assert.Equal(("Ana Pérez", "admin", "890480184"), (ana.Name, ana.Role, ana.EntityNit));
        Assert.True(new StaffPasswords().Matches(ana, "una clave larga y buena"));
        Assert.DoesNotContain("una clave larga y buena", ana.PasswordHash);
        Assert.Contains("Cuenta creada: Ana@Alcaldia.gov.co", output.ToString());
        Assert.Contains("línea de comandos", (await store.ChangesAsync(1)).Single().By);
    }

    [Fact]
    public async Task Without_entity_the_account_sees_every_entity()
    {
        await Run("una clave larga y buena", "staff", "add", "--email", "gob@caldas.gov.co", "--name", "Gobernación", "--role", "office");

        Assert.Null((await store.FindByEmailAsync("gob@caldas.gov.co"))!.EntityNit);
    }

    [Theory]
    [InlineData("corta", "al menos 12 caracteres")]
    [InlineData("", "Escriba una contraseña")]
    public async Task A_weak_password_is_refused_with_exit_code_1(string password, string reason)
    {
        var exit = await Run(password, "staff", "add", "--email", "ana@alcaldia.gov.co", "--name", "Ana", "--role", "admin");

        Assert.Equal(StaffCommand.Refused, exit);
        Assert.Contains(reason, error.ToString());
        Assert.Empty(await store.ListAsync());
    }

    [Theory]
    [InlineData("--email", "no-es-correo", "correo electrónico válido")]
    [InlineData("--role", "jefe", "El rol debe ser")]
    [InlineData("--entity", "Cartagena", "El NIT de la entidad")]
    public async Task A_wrong_field_is_refused_in_spanish_before_reading_the_password(string option, string value, string reason)
    {
        var args = new Dictionary<string, string> { ["--email"] = "ana@alcaldia.gov.co", ["--name"] = "Ana", ["--role"] = "admin" };
        args[option] = value;

        var exit = await Run("una clave larga y buena", ["staff", "add", .. args.SelectMany(a => new[] { a.Key, a.Value })]);

        Assert.Equal(StaffCommand.Refused, exit);
        Assert.Contains(reason, error.ToString());
    }

    [Fact]
    public async Task A_taken_email_is_refused()
    {
        await Run("una clave larga y buena", "staff", "add", "--email", "ana@alcaldia.gov.co", "--name", "Ana", "--role", "admin");

        var exit = await Run("otra clave larga y buena", "staff", "add", "--email", "ANA@alcaldia.gov.co", "--name", "Otra", "--role", "auditor");

        Assert.Equal(StaffCommand.Refused, exit);
        Assert.Contains("Ya hay una cuenta con ese correo", error.ToString());
    }

    [Theory]
    [InlineData("staff")]
    [InlineData("staff", "remove", "--email", "a@b.co")]
    [InlineData("staff", "add", "--email")]
    [InlineData("staff", "add", "--correo", "a@b.co")]
    public async Task Wrong_usage_prints_the_usage_with_exit_code_2(params string[] args)
    {
        Assert.Equal(StaffCommand.Usage, await Run("una clave larga y buena", args));
        Assert.Contains("Uso: staff add", error.ToString());
    }
}
