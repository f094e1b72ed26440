-- basic.sql: the SQL surface of issue "Engine I", run through psql.
-- Expected output (expected/basic.out) was recorded from PostgreSQL 15.
\set ON_ERROR_STOP 0
-- types and expressions
select 1, 1::smallint, 2147483647 + 0, 9223372036854775807, true, 'text'::text, 1.5::double precision, 12.345::numeric(6,2);
select 2 + 3 * 4, 7 / 2, 7 % 3, -5, 2.5 * 2, 10 / 4.0, 'a' || 'b' || 1, 5 > 3 and 2 > 1, not true;
select cast('42' as int) + 1, '2026-11-21'::date, '2026-11-21 07:20:00.5'::timestamp, 'x'::varchar(3), 'ab'::char(4) || '|';
select null is null, null = null, coalesce(null, 2), nullif(1, 1), greatest(1, 5, 3), least('b', 'a');
select case when 1 > 2 then 'no' when 2 > 1 then 'yes' end, case 3 when 3 then 'three' else 'other' end;
select abs(-3), length('hello'), upper('abc'), lower('ABC'), substr('minipg', 2, 3), round(2.567, 2);
select 2147483647 + 1;
\echo :LAST_ERROR_SQLSTATE
select 1 / 0;
\echo :LAST_ERROR_SQLSTATE
select 'abc'::int;
\echo :LAST_ERROR_SQLSTATE
select now() is not null, now() = current_timestamp, version() like 'PostgreSQL 15%';
select generate_series(1, 3);
select * from generate_series(1, 5) as g(x) where x % 2 = 1;
-- tables
drop table if exists items, orders;
create table items (id int primary key, name varchar(20) not null, price numeric(8,2) default 0, tag char(3), stock smallint, created date default '2026-01-01');
create table orders (oid bigint primary key, item_id int, qty int not null, note text) with (fillfactor=90);
insert into items values (1, 'apple', 0.50, 'fru', 100), (2, 'bread', 2.25, 'bak', 20), (3, 'cheese', 7.80, 'dai', 5);
insert into items (id, name) values (4, 'water');
insert into items (id, name, stock) values (5, 'pear', null) returning id, name, price, created;
select * from items order by id;
insert into items values (1, 'dup');
\echo :LAST_ERROR_SQLSTATE
insert into items (id) values (6);
\echo :LAST_ERROR_SQLSTATE
insert into items (id, name) values (7, 'a very long name that exceeds twenty');
\echo :LAST_ERROR_SQLSTATE
insert into orders select g, 1 + g % 3, g * 2, case when g % 2 = 0 then 'even' end from generate_series(1, 12) as g;
select count(*), sum(qty), min(qty), max(qty), avg(qty) from orders;
select item_id, count(*) as n, sum(qty) as total from orders group by item_id having sum(qty) > 50 order by item_id;
select i.name, o.oid, o.qty from items i join orders o on o.item_id = i.id where o.qty > 16 order by o.oid;
select i.id, i.name, count(o.oid) from items i left join orders o on o.item_id = i.id group by i.id, i.name order by i.id;
select name, price from items order by price desc nulls last, name limit 2 offset 1;
select name from items where name like 'b%' or stock between 10 and 50 order by 1;
select distinct item_id from orders order by item_id;
update items set price = price * 2 where id <= 2 returning id, price;
delete from orders where qty > 20 returning oid;
select count(*) from orders;
update orders set note = 'changed' where oid = 1;
select oid, note from orders where oid = 1;
select nosuch from items;
\echo :LAST_ERROR_SQLSTATE
select * from nosuch;
\echo :LAST_ERROR_SQLSTATE
select name from items where id = 'x';
\echo :LAST_ERROR_SQLSTATE
-- transactions
begin;
insert into items (id, name) values (10, 'ten');
select count(*) from items;
rollback;
select count(*) from items;
begin;
insert into items (id, name) values (11, 'eleven');
commit;
select name from items where id = 11;
begin;
select 1 / 0;
select 1;
\echo :LAST_ERROR_SQLSTATE
rollback;
start transaction;
end;
commit;
-- settings
set work_mem = '8MB';
show work_mem;
select current_setting('work_mem');
reset work_mem;
show work_mem;
show server_version_num;
select pg_backend_pid() > 0;
-- DDL
create index items_name_idx on items (name);
create unique index on orders (oid, item_id);
alter table orders add primary key (qty);
\echo :LAST_ERROR_SQLSTATE
create table nokey (a int, b text);
insert into nokey values (1, 'x'), (2, 'y');
alter table nokey add primary key (a);
insert into nokey values (1, 'z');
\echo :LAST_ERROR_SQLSTATE
truncate nokey;
select count(*) from nokey;
vacuum;
vacuum analyze items;
analyze orders;
checkpoint;
drop table if exists nokey, nosuch_table;
drop table nokey;
\echo :LAST_ERROR_SQLSTATE
drop table items, orders;
