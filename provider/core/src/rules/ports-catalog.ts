/**
 * Ports that must never be reachable from the internet: database and cache engines whose wire
 * protocols were not built to face it. Both TCP and UDP count (SQL Server Browser is UDP 1434).
 */
export const DATABASE_PORTS: Readonly<Record<number, string>> = Object.freeze({
    1433: "SQL Server",
    1434: "SQL Server Browser",
    1521: "Oracle",
    3306: "MySQL",
    5432: "PostgreSQL",
    5439: "Redshift",
    6379: "Redis",
    9200: "Elasticsearch",
    11211: "Memcached",
    27017: "MongoDB",
});

/** Remote administration ports: reachable from the internet only with a warning. */
export const ADMIN_PORTS: Readonly<Record<number, string>> = Object.freeze({
    22: "SSH",
    3389: "RDP",
});
