#!/bin/bash

echo "v3.5.17"
