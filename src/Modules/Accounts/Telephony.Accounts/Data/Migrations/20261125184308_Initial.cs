using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Telephony.Accounts.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Accounts",
                columns: table => new
                {
                    Sid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    OwnerAccountSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: true),
                    FriendlyName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AuthTokenHash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    IsBootstrap = table.Column<bool>(type: "INTEGER", nullable: false),
                    DateCreated = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DateUpdated = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Accounts", x => x.Sid);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_OwnerAccountSid_DateCreated_Sid",
                table: "Accounts",
                columns: new[] { "OwnerAccountSid", "DateCreated", "Sid" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Accounts");
        }
    }
}
