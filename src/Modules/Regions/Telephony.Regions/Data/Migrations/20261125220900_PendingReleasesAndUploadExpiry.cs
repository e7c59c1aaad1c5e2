using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Telephony.Regions.Data.Migrations
{
    /// <inheritdoc />
    public partial class PendingReleasesAndUploadExpiry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "DateExpired",
                table: "Recordings",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PendingReleases",
                columns: table => new
                {
                    PlacementSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    Region = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    LegSid = table.Column<string>(type: "TEXT", maxLength: 34, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    NextAttempt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DateCreated = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PendingReleases", x => x.PlacementSid);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PendingReleases_NextAttempt",
                table: "PendingReleases",
                column: "NextAttempt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PendingReleases");

            migrationBuilder.DropColumn(
                name: "DateExpired",
                table: "Recordings");
        }
    }
}
