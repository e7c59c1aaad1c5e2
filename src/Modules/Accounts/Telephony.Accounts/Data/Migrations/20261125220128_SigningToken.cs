using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Telephony.Accounts.Data.Migrations
{
    /// <inheritdoc />
    public partial class SigningToken : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ProtectedAuthToken",
                table: "Accounts",
                type: "TEXT",
                maxLength: 1024,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ProtectedAuthToken",
                table: "Accounts");
        }
    }
}
