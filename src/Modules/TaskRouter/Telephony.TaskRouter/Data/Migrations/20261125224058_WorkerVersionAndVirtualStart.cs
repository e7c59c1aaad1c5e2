using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Telephony.TaskRouter.Data.Migrations
{
    /// <inheritdoc />
    public partial class WorkerVersionAndVirtualStart : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "Workers",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "VirtualStartTime",
                table: "Tasks",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Version",
                table: "Workers");

            migrationBuilder.DropColumn(
                name: "VirtualStartTime",
                table: "Tasks");
        }
    }
}
