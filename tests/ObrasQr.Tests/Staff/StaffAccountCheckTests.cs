using ObrasQr.Http;
using ObrasQr.Staff;

namespace ObrasQr.Tests.Staff;

/// <summary>A new account's wrong field comes back in the one shape every refusal has (<see cref="FieldProblem"/>).</summary>
public sealed class StaffAccountCheckTests
{
    [Fact]
    public void An_account_without_a_name_is_refused_on_the_name()
    {
        var problem = StaffAccounts.Check(new StaffAccounts.Draft(" ", "ana@alcaldia.gov.co", "auditor", null));

        Assert.Equal(new FieldProblem("name", "Escriba el nombre de la persona."), problem);
    }

    [Fact]
    public void An_account_with_an_unknown_role_is_refused_on_the_role() =>
        Assert.Equal("role", StaffAccounts.Check(new StaffAccounts.Draft("Ana Pérez", "ana@alcaldia.gov.co", "jefe", null))?.Field);

    [Fact]
    public void A_right_account_has_no_problem() =>
        Assert.Null(StaffAccounts.Check(new StaffAccounts.Draft("Ana Pérez", "ana@alcaldia.gov.co", "auditor", "890480184")));
}
